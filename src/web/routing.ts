import type { RequestHandler, Router } from 'express';

/** What Express's router keeps of each `get`/`post` (a route) and `use` (a middleware or router). */
interface Layer {
  rawPath: unknown;
  route?: unknown;
  handle: { stack?: Layer[] };
}

/** The first segment of a path, lower case as Express matches it ("/Networks/3" → "networks"). */
const firstSegment = (path: string) => {
  const end = path.indexOf('/', 1);
  return (end === -1 ? path.slice(1) : path.slice(1, end)).toLowerCase();
};

/** A literal first segment of a route's path, or undefined when it is a parameter or pattern. */
function literalFirstSegment(path: unknown): string | undefined {
  if (typeof path !== 'string' || !path.startsWith('/')) return undefined;
  const segment = firstSegment(path);
  return /[:*(){}?+\\]/.test(segment) ? undefined : segment;
}

/**
 * The first path segments that `router`'s routes (and its nested routers' routes) start with,
 * or undefined when it may answer any path (a middleware for every path, a parameter or a
 * pattern as the first segment).
 */
export function firstSegmentsOf(router: { stack?: Layer[] }): Set<string> | undefined {
  if (!Array.isArray(router.stack)) return undefined;
  const segments = new Set<string>();
  for (const layer of router.stack) {
    // A `use` without a path: a nested router adds its own routes' segments, anything else runs for every path.
    if (!layer.route && layer.rawPath === '/') {
      const nested = firstSegmentsOf(layer.handle);
      if (!nested) return undefined;
      for (const segment of nested) segments.add(segment);
      continue;
    }
    for (const path of Array.isArray(layer.rawPath) ? layer.rawPath : [layer.rawPath]) {
      const segment = literalFirstSegment(path);
      if (segment === undefined) return undefined;
      segments.add(segment);
    }
  }
  return segments;
}

/**
 * `router`, entered only by requests whose path starts with a segment one of its routes starts
 * with. Express tries every router in turn, and each walks all of its routes: a page far down the
 * app's list of forty routers paid for matching every route above it. A router that may answer
 * any path is entered by every request, as before.
 */
export function onlyItsPaths(router: Router): RequestHandler {
  const segments = firstSegmentsOf(router as unknown as { stack?: Layer[] });
  if (!segments) return router;
  return (req, res, next) => (segments.has(firstSegment(req.path)) ? router(req, res, next) : next());
}
