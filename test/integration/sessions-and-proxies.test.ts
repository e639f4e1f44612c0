import request from 'supertest';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { ABSOLUTE_SESSION_MS } from '../../src/access/session';
import { startTestApp, type TestApp, csrfIn } from '../support/app';
import { makeParticipant } from '../support/factories';

// Hardening: the session cookie in production, the absolute session lifetime, and
// which proxies' X-Forwarded-For the per-address limits believe (TRUST_PROXY).

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});
const start = async (env: Record<string, string> = {}) => {
  const app = await startTestApp(env);
  apps.push(app);
  return app;
};

test('in production the session cookie is __Host-: Secure, for / and this host only', async () => {
  const t = await start({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), SMTP_URL: 'smtp://127.0.0.1:1' });
  const person = await makeParticipant(t.db);
  const token = await issueLoginToken(t.db, person);
  // Behind the TLS-terminating proxy (on loopback): the browser keeps Secure cookies over https,
  // which this client does not, so it carries them by hand.
  const confirm = await request(t.app).get(`/login/verify?token=${token}`).set('X-Forwarded-Proto', 'https');
  const csrf = csrfIn(confirm.text);
  const sent = ([] as string[]).concat(confirm.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
  const res = await request(t.app)
    .post('/login/verify')
    .set('X-Forwarded-Proto', 'https')
    .set('Cookie', sent.join('; '))
    .type('form')
    .send({ token, _csrf: csrf });
  expect(res.status).toBe(303);
  const cookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const session = cookies.find((c) => c.startsWith('__Host-samling.sid='));
  expect(session).toBeDefined();
  expect(session).toMatch(/; Path=\//);
  expect(session).toMatch(/; Secure/);
  expect(session).not.toMatch(/; Domain=/i);

  // Signing out clears that same cookie (by its __Host- name, Secure, for /), not another one.
  const signedIn = [...sent, (session as string).split(';')[0]].join('; ');
  const me = await request(t.app).get('/me').set('X-Forwarded-Proto', 'https').set('Cookie', signedIn);
  expect(me.status).toBe(200);
  // The page's CSRF token pairs with the cookie that came with it.
  const jar = new Map(signedIn.split('; ').map((c) => [c.split('=')[0], c]));
  for (const c of ([] as string[]).concat(me.headers['set-cookie'] ?? []))
    jar.set(c.split('=')[0], c.split(';')[0] as string);
  const out = await request(t.app)
    .post('/logout')
    .set('X-Forwarded-Proto', 'https')
    .set('Cookie', [...jar.values()].join('; '))
    .type('form')
    .send({ _csrf: csrfIn(me.text) });
  expect(out.status).toBe(303);
  const cleared = ([] as string[])
    .concat(out.headers['set-cookie'] ?? [])
    .find((c) => c.startsWith('__Host-samling.sid='));
  expect(cleared).toMatch(/^__Host-samling\.sid=;/);
  expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970/);
  expect(cleared).toMatch(/; Path=\//);
  expect(cleared).toMatch(/; Secure/);
});

test('a session ends 12 hours after sign-in however active it is', async () => {
  const t = await start();
  const person = await makeParticipant(t.db);
  const client = await t.client().signIn(person);
  expect((await client.get('/me')).status).toBe(200);
  // Signed in a little over the absolute lifetime ago (and active all along).
  await t.db.raw(`update sessions set sess = jsonb_set(sess::jsonb, '{signedInAt}', to_jsonb(?::bigint))::json`, [
    Date.now() - ABSOLUTE_SESSION_MS - 60_000,
  ]);
  const after = await client.get('/me');
  expect(after.status).toBe(303);
  expect(after.headers.location).toMatch(/^\/login/);
});

describe('TRUST_PROXY decides whose X-Forwarded-For the per-address sign-in limit believes', () => {
  const thirtyOneFromDifferentAddresses = async (t: TestApp) => {
    const client = t.client();
    const csrf = csrfIn((await client.get('/login')).text);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await client.agent
        .post('/login')
        .set('X-Forwarded-For', `203.0.113.${i + 1}`)
        .type('form')
        .send({ email: `person${i}@kommune.example`, _csrf: csrf });
      statuses.push(res.status);
    }
    return statuses;
  };

  test('a proxy that is not trusted cannot spread one client over many addresses', async () => {
    const statuses = await thirtyOneFromDifferentAddresses(await start({ TRUST_PROXY: '10.0.0.0/8' }));
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  test('behind a trusted proxy (here on loopback, the default) each client is limited on its own', async () => {
    const statuses = await thirtyOneFromDifferentAddresses(await start());
    expect(statuses.every((s) => s === 200)).toBe(true);
  });
});
