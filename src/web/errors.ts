import type { ErrorRequestHandler, RequestHandler } from 'express';
import { NotFoundError } from '../kernel/errors';

export const notFoundHandler: RequestHandler = (_req, _res, next) => next(new NotFoundError('no route'));

type ErrorKind = 'notFound' | 'forbidden' | 'badRequest' | 'csrf' | 'serverError' | 'unavailable';

// PostgreSQL unreachable or shutting down: the request can succeed later, so 503 rather than 500.
const DATABASE_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', '57P01', '57P02', '57P03', '08006', '08001']);

// node-postgres reports a connection cut mid-query or a connect timeout without an error code
// (and knex prefixes a transaction's failed ROLLBACK: "ROLLBACK - Connection terminated unexpectedly", or
// "ROLLBACK - Client has encountered a connection error and is not queryable").
const CONNECTION_LOST =
  /Connection terminated|Connection ended unexpectedly|timeout exceeded when trying to connect|Client has encountered a connection error/;
const isConnectionLost = (error: unknown) => error instanceof Error && CONNECTION_LOST.test(error.message);

function classify(error: unknown): { status: number; kind: ErrorKind } {
  const { status, statusCode, code, name } = (error ?? {}) as {
    status?: unknown;
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
  };
  if (code === 'EBADCSRFTOKEN') return { status: 403, kind: 'csrf' };
  if (
    (typeof code === 'string' && DATABASE_UNAVAILABLE.has(code)) ||
    name === 'KnexTimeoutError' ||
    isConnectionLost(error)
  )
    return { status: 503, kind: 'unavailable' };
  const known = typeof status === 'number' ? status : typeof statusCode === 'number' ? statusCode : 500;
  if (known === 404) return { status: 404, kind: 'notFound' };
  if (known === 403) return { status: 403, kind: 'forbidden' };
  if (known >= 400 && known < 500) return { status: known, kind: 'badRequest' };
  return { status: 500, kind: 'serverError' };
}

/** Known errors get their page; anything else is a bug: logged with the request id, shown as a 500 page. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const { status, kind } = classify(error);
  if (status >= 500) req.log.error({ err: error }, 'request failed');
  if (res.headersSent) return;
  res.status(status);
  const model = { kind, requestId: String(req.id), showRequestId: status >= 500, lang: res.locals.lang ?? 'nb' };
  res.render('errors/error', model, (renderError: Error | null, html?: string) => {
    if (renderError) {
      req.log.error({ err: renderError }, 'error page failed to render');
      res.type('text/plain').send(`Error ${status}. Request id: ${String(req.id)}`);
      return;
    }
    res.send(html);
  });
};
