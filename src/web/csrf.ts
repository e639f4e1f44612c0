import { doubleCsrf } from 'csrf-csrf';
import type { Request, RequestHandler } from 'express';
import { newSecretToken } from '../kernel/secretTokens';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The visitor id this request's CSRF tokens are bound to while no one is signed in. */
      visitorId?: string;
    }
  }
}

/**
 * Double-submit CSRF tokens (csrf-csrf); every page gets a token for its forms (a hidden `_csrf`
 * field) and every POST without a valid one is refused with 403. A signed-in person's tokens are
 * bound to their session. A visitor's (the sign-in form, an answer from an email link) are bound
 * to a random id in a cookie of its own, so that opening a page stores nothing: a session is
 * written only when there is something to keep in it.
 */
export function csrfMiddleware(options: { secret: string; secure: boolean }): RequestHandler[] {
  const cookieOptions = { sameSite: 'lax' as const, secure: options.secure, httpOnly: true, path: '/' };
  const visitorCookie = options.secure ? '__Host-samling.visitor' : 'samling.visitor';
  const visitorOf = (req: Request): string => {
    const fromCookie = (req.cookies as Record<string, unknown> | undefined)?.[visitorCookie];
    // No cookie: a fresh id, which no token sent with this request can match.
    req.visitorId ??=
      typeof fromCookie === 'string' && /^[A-Za-z0-9_-]{22}$/.test(fromCookie) ? fromCookie : newSecretToken(16);
    return req.visitorId;
  };
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => options.secret,
    getSessionIdentifier: (req) => (req.session.participantId ? req.session.id : `visitor:${visitorOf(req)}`),
    cookieName: options.secure ? '__Host-samling.csrf' : 'samling.csrf',
    cookieOptions,
    getCsrfTokenFromRequest: (req) => {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
  });
  const issueToken: RequestHandler = (req, res, next) => {
    res.locals.csrfToken = generateCsrfToken(req, res);
    if (!req.session.participantId && (req.cookies as Record<string, unknown>)[visitorCookie] !== req.visitorId)
      res.cookie(visitorCookie, req.visitorId, cookieOptions);
    next();
  };
  return [doubleCsrfProtection, issueToken];
}
