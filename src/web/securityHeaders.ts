import type { RequestHandler } from 'express';

/**
 * Helmet's headers, worked out once: helmet is run against a stand-in response when the app is
 * created, and every response then gets the headers it set, in one call. This holds while no
 * header depends on the request (no CSP nonces); `test/integration/security.test.ts` checks the
 * headers on every kind of page.
 */
export function constantHeaders(helmetMiddleware: RequestHandler): RequestHandler {
  const headers = new Map<string, string | number | readonly string[]>();
  const standIn = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, value),
    removeHeader: () => undefined,
    getHeader: () => undefined,
  };
  let calledNext = false;
  helmetMiddleware({} as never, standIn as never, () => {
    calledNext = true;
  });
  if (!calledNext) throw new Error('helmet did not finish synchronously');
  return (_req, res, next) => {
    res.setHeaders(headers);
    next();
  };
}
