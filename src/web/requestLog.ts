import { randomUUID } from 'node:crypto';
import type { Express as App, RequestHandler } from 'express';
import type { Logger } from 'pino';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** This request's id: in its log lines, its audit rows, the X-Request-Id header and the error page. */
      id: string;
      /** The logger with this request's id (made only when something is logged). */
      log: Logger;
    }
  }
}

/**
 * One JSON line per request when it is answered (or the client went away): id, method, path (with link tokens replaced by
 * `hidePath`, never the query string, which carries sign-in tokens), status and time taken.
 * Static files are not logged. `req.log` is a child logger made on first use, so a request that
 * logs nothing else costs one id and, at info level, one line.
 */
export function requestLog(app: App, logger: Logger, hidePath: (path: string) => string): RequestHandler {
  Object.defineProperty(app.request, 'log', {
    get(this: Express.Request & { childLog?: Logger }) {
      this.childLog ??= logger.child({ reqId: this.id });
      return this.childLog;
    },
  });
  return (req, res, next) => {
    req.id = randomUUID();
    res.setHeader('X-Request-Id', req.id);
    if (logger.isLevelEnabled('info') && !req.url.startsWith('/static/')) {
      const started = performance.now();
      res.once('close', () =>
        logger.info(
          {
            req: { id: req.id, method: req.method, path: hidePath(req.originalUrl.split('?')[0] ?? '') },
            res: { statusCode: res.statusCode },
            responseTime: Math.round(performance.now() - started),
          },
          res.writableFinished ? 'request completed' : 'request aborted',
        ),
      );
    }
    next();
  };
}
