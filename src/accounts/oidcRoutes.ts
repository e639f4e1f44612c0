import { activePersonByEmail } from './people';
import { Router, type Request, type Response } from 'express';
import * as oidc from 'openid-client';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { returnTo } from './schema';
import { signIn } from '../access/session';

declare module 'express-session' {
  interface SessionData {
    oidc?: { state: string; nonce: string; codeVerifier: string; returnTo?: string };
  }
}

/**
 * Sign-in through the organisation's OpenID Connect provider (HelseID, ID-porten, Entra ID):
 * authorization code flow with PKCE, state and nonce. A person is matched to an existing
 * participant by verified email only; nobody is created here.
 */
export async function oidcRoutes(db: Db, config: Config): Promise<Router | undefined> {
  if (!config.OIDC_ISSUER || !config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET) return undefined;
  const issuer = new URL(config.OIDC_ISSUER);
  // Plain http only for a provider on this machine (tests and local development).
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
  const provider = await oidc.discovery(
    issuer,
    config.OIDC_CLIENT_ID,
    config.OIDC_CLIENT_SECRET,
    undefined,
    local ? { execute: [oidc.allowInsecureRequests] } : undefined,
  );
  const redirectUri = new URL('/auth/oidc/callback', config.BASE_URL).toString();
  const router = Router();

  const refuse = (res: Response, status: number, reason: string) =>
    res
      .status(status)
      .render('accounts/oidc-error', { title: res.locals.t('oidc.title'), reason: `oidc.reasons.${reason}` });

  router.post('/auth/oidc', async (req, res) => {
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    req.session.oidc = {
      state,
      nonce,
      codeVerifier,
      returnTo: returnTo().parse((req.body as Record<string, unknown>)?.returnTo),
    };
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.redirect(303, url.toString());
  });

  router.get('/auth/oidc/callback', async (req: Request, res) => {
    const pending = req.session.oidc;
    delete req.session.oidc;
    if (typeof req.query.error === 'string') return refuse(res, 403, 'providerError');
    if (!pending) return refuse(res, 400, 'noPendingSignIn');
    let email: string | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(provider, new URL(req.originalUrl, config.BASE_URL), {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('no ID token');
      // Many providers (oidc-provider by default) keep email out of the ID token and behind the
      // userinfo endpoint; openid-client checks that its subject is the ID token's.
      const userInfo =
        typeof idToken.email === 'string'
          ? undefined
          : await oidc.fetchUserInfo(provider, tokens.access_token, idToken.sub);
      email = verifiedEmail(idToken, userInfo);
    } catch (error) {
      // Only the message: never the tokens, the code or the response body.
      req.log.warn({ err: { message: (error as Error).message } }, 'OpenID Connect sign-in refused');
      return refuse(res, 400, 'invalidResponse');
    }
    if (!email) return refuse(res, 403, 'unverifiedEmail');
    const person = await activePersonByEmail(db, email);
    if (!person) return refuse(res, 403, 'unknownPerson');
    await signIn(req, person.id);
    await recordAudit(
      db,
      { actorId: person.id, actorName: person.name, requestId: String(req.id) },
      { action: 'signIn', entityType: 'participants', entityId: person.id, after: { method: 'oidc' } },
    );
    res.redirect(303, pending.returnTo ?? '/');
  });

  return router;
}

type EmailClaims = { email?: unknown; email_verified?: unknown; [claim: string]: unknown };

/**
 * The lower-cased email the provider vouches for, or undefined. Both claims come from the same
 * source (the ID token when it carries an email, otherwise userinfo), so an address from one can
 * never borrow `email_verified: true` from the other.
 */
export function verifiedEmail(idToken: EmailClaims, userInfo?: EmailClaims): string | undefined {
  const source = typeof idToken.email === 'string' ? idToken : userInfo;
  if (!source || typeof source.email !== 'string' || source.email_verified !== true) return undefined;
  const email = source.email.trim().toLowerCase();
  return email === '' ? undefined : email;
}
