import { doubleCsrf } from 'csrf-csrf';
import type { RequestHandler } from 'express';

/**
 * Double-submit CSRF tokens bound to the session (csrf-csrf). Every page gets a token for its
 * forms (a hidden `_csrf` field); every POST without a valid one is refused with 403.
 */
export function csrfMiddleware(options: { secret: string; secure: boolean }): RequestHandler[] {
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => options.secret,
    getSessionIdentifier: (req) => req.session.id,
    cookieName: options.secure ? '__Host-samling.csrf' : 'samling.csrf',
    cookieOptions: { sameSite: 'lax', secure: options.secure, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => {
      const token = (req.body as Record<string, unknown> | undefined)?._csrf;
      return typeof token === 'string' ? token : undefined;
    },
  });
  const issueToken: RequestHandler = (req, res, next) => {
    // The token is bound to the session id, so the session must persist from the first form on.
    req.session.csrfIssued = true;
    res.locals.csrfToken = generateCsrfToken(req, res);
    next();
  };
  return [doubleCsrfProtection, issueToken];
}
