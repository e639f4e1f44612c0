// Errors a request can end in; the error handler (src/web/errors.ts) turns them into their page.

export class NotFoundError extends Error {
  readonly status = 404;
}

export class ForbiddenError extends Error {
  readonly status = 403;
}
