import { personName } from './people';
import { sessionCookieName } from '../web/session';
import { Router, type Request, type Response } from 'express';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { parseForm } from '../web/forms';
import { byClientAddress, actionLimit } from '../web/rateLimit';
import { isKorusAdmin } from '../access/policy';
import { queueLoginLink } from './loginLinks';
import { consumeLoginToken, isLoginTokenUsable, LOGIN_LINK_VALIDITY_MS } from './loginTokens';
import { loginForm, loginLinkQuery, loginVerifyForm } from './schema';
import { signIn, signOut } from '../access/session';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** Passwordless sign-in by an emailed single-use link, and signing out. */
export function loginRoutes(db: Db, config: Config, options: { oidcEnabled: boolean; secure: boolean }): Router {
  const router = Router();

  function renderLogin(res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string>) {
    res.status(status).render('accounts/login', {
      title: res.locals.t('accounts.login.title'),
      values,
      errors,
      oidc: options.oidcEnabled ? config.OIDC_NAME : undefined,
    });
  }

  const renderSent = (res: Response, email: string) =>
    res.status(200).render('accounts/login-sent', { title: res.locals.t('accounts.login.sentTitle'), email });
  const limited = (_req: Request, res: Response) =>
    renderLogin(res, 429, { email: _req.body?.email }, { email: 'accounts.login.tooMany' });
  const perIp = actionLimit(db, 'login-ip', {
    windowMs: FIFTEEN_MINUTES,
    limit: 30,
    key: byClientAddress,
    onLimited: limited,
  });
  const perAddress = actionLimit(db, 'login-address', {
    windowMs: LOGIN_LINK_VALIDITY_MS,
    limit: 5,
    // An address the form refuses (not an address, an identity number) sends nothing and is stored nowhere.
    skip: (req) => !loginForm.safeParse(req.body).success,
    // Over the limit nothing more is mailed, but the answer is the usual one: someone asking again
    // and again for another's address cannot lock its owner out, who has a link from the last
    // 15 minutes in the inbox (a link lives as long as the window).
    onLimited: (req, res) => renderSent(res, String(req.body?.email ?? '')),
    key: (req) =>
      `email:${String(req.body?.email ?? '')
        .trim()
        .toLowerCase()
        .slice(0, 254)}`,
  });

  router.get('/', (req, res) => {
    if (!req.actor) return res.redirect(303, '/login');
    res.redirect(303, isKorusAdmin(req.actor) ? '/regions' : '/me');
  });

  router.get('/login', (req, res) => {
    if (req.actor) return res.redirect(303, '/');
    renderLogin(res, 200, { returnTo: loginLinkQuery.parse(req.query).returnTo }, {});
  });

  router.post('/login', perIp, perAddress, async (req, res) => {
    const parsed = parseForm(loginForm, req.body);
    if (!parsed.ok) return renderLogin(res, 422, req.body, parsed.errors);
    const { email, returnTo } = parsed.data;
    // The same answer, after the same work, whether or not the address is known: no account enumeration.
    await queueLoginLink(db, { email, returnTo });
    renderSent(res, email);
  });

  router.get('/login/verify', async (req, res) => {
    const { token, returnTo } = loginLinkQuery.parse(req.query);
    const usable = token ? await isLoginTokenUsable(db, token) : false;
    if (!usable)
      return res.status(410).render('accounts/login-invalid', { title: res.locals.t('accounts.login.invalidTitle') });
    res.render('accounts/login-confirm', { title: res.locals.t('accounts.login.confirmTitle'), token, returnTo });
  });

  router.post('/login/verify', async (req, res) => {
    const parsed = loginVerifyForm.safeParse(req.body);
    const participantId = parsed.success ? await consumeLoginToken(db, parsed.data.token) : undefined;
    if (!parsed.success || !participantId)
      return res.status(410).render('accounts/login-invalid', { title: res.locals.t('accounts.login.invalidTitle') });
    await signIn(req, participantId);
    const actorName = await personName(db, participantId);
    await recordAudit(
      db,
      { actorId: participantId, actorName, requestId: String(req.id) },
      { action: 'signIn', entityType: 'participants', entityId: participantId },
    );
    res.redirect(303, parsed.data.returnTo ?? '/');
  });

  router.post('/logout', async (req, res) => {
    await signOut(req);
    // The cookie by its real name and attributes (a __Host- cookie is only replaced by a Secure one for /).
    res.clearCookie(sessionCookieName(options.secure), {
      path: '/',
      secure: options.secure,
      httpOnly: true,
      sameSite: 'lax',
    });
    res.redirect(303, '/login?signedOut=1');
  });

  return router;
}
