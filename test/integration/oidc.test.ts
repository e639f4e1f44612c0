import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { oidcRoutes, verifiedEmail } from '../../src/accounts/oidcRoutes';
import { startTestApp, type TestApp, csrfIn } from '../support/app';
import { makeParticipant } from '../support/factories';
import { listen } from '../support/server';

// Sign-in through a real OpenID Connect provider (oidc-provider) on loopback: the app and the
// provider each keep their own cookies, exactly as a browser's redirects would carry them.

let provider: ChildProcess;
let issuer: string;
let t: TestApp;
let server: Awaited<ReturnType<typeof listen>>;
let personId: number;

const ACCOUNTS = {
  kari: { email: 'Kari.Oidc@Helse-Bergen.example', email_verified: true, name: 'Kari Oidc' },
  unverified: { email: 'kari.oidc@helse-bergen.example', email_verified: false, name: 'Kari Uverifisert' },
  stranger: { email: 'ukjent@example.org', email_verified: true, name: 'Ukjent' },
  former: { email: 'tidligere@kommune.example', email_verified: true, name: 'Tidligere Deltaker' },
};

beforeAll(async () => {
  // The app's port must be known before the provider registers its redirect URI.
  const placeholder = await startTestApp();
  server = await listen(placeholder);
  const baseUrl = server.baseUrl;
  await server.close();
  await placeholder.close();

  provider = spawn(process.execPath, [path.join(__dirname, '../support/oidcProvider.mjs')], {
    env: {
      ...process.env,
      OIDC_CLIENT_ID: 'samling',
      OIDC_CLIENT_SECRET: 'a-test-secret-for-the-client',
      OIDC_REDIRECT_URI: `${baseUrl}/auth/oidc/callback`,
      OIDC_ACCOUNTS: JSON.stringify(ACCOUNTS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  issuer = await new Promise<string>((resolve, reject) => {
    provider.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening on (\S+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    provider.on('exit', (code) => reject(new Error(`provider exited with ${code}`)));
  });
  t = await startTestApp(
    {
      BASE_URL: baseUrl,
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: 'samling',
      OIDC_CLIENT_SECRET: 'a-test-secret-for-the-client',
      OIDC_NAME: 'HelseID',
    },
    { oidc: oidcRoutes },
  );
  server = await listen(t, Number(new URL(baseUrl).port));
  personId = await makeParticipant(t.db, { name: 'Kari Oidc', email: 'kari.oidc@helse-bergen.example' });
  await makeParticipant(t.db, {
    name: 'Tidligere Deltaker',
    email: 'tidligere@kommune.example',
    archived_at: new Date(),
  });
});

afterAll(async () => {
  await server?.close();
  await t?.close();
  provider?.kill();
});

const sessionCookie = (agent: ReturnType<typeof request.agent>) =>
  agent.jar.getCookie('samling.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })?.value;

/** Starts sign-in in the app, logs in at the provider as `login`, and returns the app's answer to the callback. */
async function signInAs(login: string, tamper?: (callback: URL) => void) {
  const app = request.agent(server.baseUrl);
  const loginPage = await app.get('/login');
  expect(loginPage.text).toContain('Logg inn med HelseID');
  const csrf = csrfIn(loginPage.text);
  const start = await app.post('/auth/oidc').type('form').send({ _csrf: csrf, returnTo: '/me' });
  expect(start.status).toBe(303);
  const idp = request.agent(issuer);
  let location = start.headers.location as string;
  // Follow the provider's redirects, answering its login and consent pages.
  for (let step = 0; step < 12 && location.startsWith(issuer); step += 1) {
    const res = await idp.get(location.slice(issuer.length));
    if (res.status === 200) {
      const action = /<form[^>]*action="([^"]+)"/.exec(res.text)?.[1] as string;
      const prompt = /name="prompt" value="([^"]+)"/.exec(res.text)?.[1] as string;
      const answer = await idp
        .post(action.startsWith('http') ? action.slice(issuer.length) : action)
        .type('form')
        .send({ prompt, login, password: 'x' });
      location = answer.headers.location as string;
    } else {
      location = res.headers.location as string;
    }
    if (location && !location.startsWith('http')) location = `${issuer}${location}`;
  }
  expect(location.startsWith(`${server.baseUrl}/auth/oidc/callback`)).toBe(true);
  const callback = new URL(location);
  tamper?.(callback);
  const sessionBefore = sessionCookie(app);
  const answer = await app.get(`${callback.pathname}${callback.search}`);
  return { app, answer, sessionBefore };
}

test("the sign-in page's form-action lets the form's redirect reach the identity provider (browsers check it)", async () => {
  const res = await t.client().get('/login');
  const policy = String(res.headers['content-security-policy']);
  expect(policy).toContain(`form-action 'self' ${new URL(issuer).origin}`);
});

test('a person whose verified email is registered is signed in, under a new session id', async () => {
  const { app, answer, sessionBefore } = await signInAs('kari');
  expect(answer.status).toBe(303);
  expect(sessionBefore).toBeDefined();
  expect(sessionCookie(app)).not.toBe(sessionBefore);
  expect(answer.headers.location).toBe('/me');
  const me = await app.get('/me');
  expect(me.status).toBe(200);
  expect(me.text).toContain('Kari Oidc');
  expect(await t.db('audit_log').where({ action: 'signIn', actor_id: personId }).first()).toBeDefined();
});

test('an email the provider has not verified is refused', async () => {
  const { app, answer } = await signInAs('unverified');
  expect(answer.status).toBe(403);
  expect(answer.text).toContain('ikke bekreftet e-postadressen');
  expect((await app.get('/me')).status).toBe(303);
});

test('a verified email that is not registered is refused; nobody is created', async () => {
  const before = (await t.db('participants').count({ n: '*' }).first())?.n;
  const { answer } = await signInAs('stranger');
  expect(answer.status).toBe(403);
  expect(answer.text).toContain('ikke registrert i Samling');
  expect((await t.db('participants').count({ n: '*' }).first())?.n).toBe(before);
});

test('a callback with a tampered state is refused', async () => {
  const { app, answer } = await signInAs('kari', (callback) => callback.searchParams.set('state', 'forged'));
  expect(answer.status).toBe(400);
  expect((await app.get('/me')).status).toBe(303);
});

test('an archived participant is refused even with a verified email', async () => {
  const { app, answer } = await signInAs('former');
  expect(answer.status).toBe(403);
  expect(answer.text).toContain('ikke registrert i Samling');
  expect((await app.get('/me')).status).toBe(303);
});

test('an error from the provider is shown with a way back, and nobody is signed in', async () => {
  const { app, answer } = await signInAs('kari', (callback) => {
    const state = callback.searchParams.get('state') ?? '';
    callback.search = `?error=access_denied&state=${state}`;
  });
  expect(answer.status).toBe(403);
  expect(answer.text).toContain('avbrutt hos innloggingstjenesten');
  expect(answer.text).toContain('href="/login"');
  expect((await app.get('/me')).status).toBe(303);
});

test('a callback without a sign-in started in this browser is refused', async () => {
  const res = await request(server.baseUrl).get('/auth/oidc/callback?code=abc&state=xyz');
  expect(res.status).toBe(400);
  expect(res.text).toContain('ingen påbegynt innlogging');
});

test('email and email_verified are taken from one source, never mixed', () => {
  expect(verifiedEmail({ email: 'A@B.no', email_verified: true })).toBe('a@b.no');
  expect(verifiedEmail({ email: 'a@b.no', email_verified: 'true' })).toBeUndefined();
  expect(verifiedEmail({}, { email: 'a@b.no', email_verified: true })).toBe('a@b.no');
  // The ID token's verified flag must not vouch for a different address from userinfo.
  expect(verifiedEmail({ email_verified: true }, { email: 'other@b.no' })).toBeUndefined();
  expect(
    verifiedEmail({ email: 'a@b.no', email_verified: false }, { email: 'a@b.no', email_verified: true }),
  ).toBeUndefined();
});
