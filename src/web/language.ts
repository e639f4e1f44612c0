import { BadRequestError } from '../kernel/errors';
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { isLanguage, LANGUAGES, translator } from '../kernel/i18n';

const COOKIE = 'samling.lang';
const ONE_YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** The request's language: the remembered choice, else bokmål. Exposes `lang` and `t` to views and routes. */
export const languageMiddleware: RequestHandler = (req, res, next) => {
  const chosen = (req.cookies as Record<string, unknown> | undefined)?.[COOKIE];
  const lang = isLanguage(chosen) ? chosen : 'nb';
  res.locals.lang = lang;
  res.locals.t = translator(lang);
  next();
};

const switchSchema = z.object({
  lang: z.enum(LANGUAGES),
  // Only a local path: never an open redirect.
  returnTo: z
    .string()
    .regex(/^\/(?!\/)[^\s\\]*$/)
    .max(2000)
    .catch('/'),
});

export function languageRoutes(options: { secure: boolean }): Router {
  const router = Router();
  router.post('/language', (req, res) => {
    const parsed = switchSchema.safeParse(req.body);
    if (!parsed.success) throw new BadRequestError('unknown language');
    res.cookie(COOKIE, parsed.data.lang, {
      maxAge: ONE_YEAR_MS,
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secure,
    });
    res.redirect(303, parsed.data.returnTo);
  });
  return router;
}
