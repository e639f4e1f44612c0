// Errors a request can end in; the error handler (src/web/errors.ts) turns them into their page.

export class NotFoundError extends Error {
  readonly status = 404;
}

export class ForbiddenError extends Error {
  readonly status = 403;
}

/** A rule a valid-looking value still breaks (e.g. a participant who may not be chosen here). */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    readonly messageKey: string,
  ) {
    super(`${field}: ${messageKey}`);
  }
}

/** A request no page of ours sends (a crafted or broken post): refused, nothing done. */
export class BadRequestError extends Error {
  readonly status = 400;
}
