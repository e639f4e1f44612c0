import { withoutTokens } from '../../src/app';
import { isLoopback } from '../../src/mail/devMailboxRoutes';
import { hashSecretToken, newSecretToken } from '../../src/kernel/secretTokens';
import { PgRateLimitStore } from '../../src/web/rateLimit';
import { startTestApp, type TestApp, csrfIn } from '../support/app';
import { makeParticipant } from '../support/factories';

// A value the privacy guard refuses is stored nowhere, and the rate-limit store keeps
// neither form input nor link tokens (nor anything that matches a token's stored hash).

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const allRateLimitKeys = async () => (await t.db('rate_limits').pluck('key')) as string[];

test('an identity number typed as a sign-in address is refused and leaves no trace in the rate limits', async () => {
  const client = t.client();
  for (const email of ['01010012356@kommune.example', '010100-12356', '010100 12356']) {
    const page = await client.get('/login');
    const csrf = csrfIn(page.text);
    const res = await client.agent.post('/login').type('form').send({ email, _csrf: csrf });
    expect(res.status).toBe(422);
  }
  const keys = await allRateLimitKeys();
  expect(keys.length).toBeGreaterThan(0); // the per-IP limit counted the attempts
  expect(keys.filter((key) => /12356|010100/.test(key))).toEqual([]);
  expect(keys.some((key) => key.startsWith('login-address:'))).toBe(false);
});

test('the rate-limit store keeps a hash of its keys that matches no stored token hash', async () => {
  const store = new PgRateLimitStore(t.db, 'evaluation-link');
  store.init({ windowMs: 60_000 } as Parameters<PgRateLimitStore['init']>[0]);
  const token = newSecretToken(24);
  await store.increment(token);
  await store.increment(`ip:127.0.0.1:${token}`);
  const keys = await allRateLimitKeys();
  const stored = keys.filter((key) => key.startsWith('evaluation-link:'));
  expect(stored).toHaveLength(2);
  const tokenHash = hashSecretToken(token);
  for (const key of stored) {
    expect(key).not.toContain(token);
    expect(key).not.toContain('127.0.0.1');
    expect(key).not.toContain(tokenHash.toString('base64url'));
    expect(key).not.toContain(tokenHash.toString('hex'));
  }
  // The same key still counts up.
  expect((await store.increment(token)).totalHits).toBe(2);
});

test('pages with personal data and link-token pages are never cached; logs show token paths with the token replaced', async () => {
  const person = await makeParticipant(t.db);
  const client = await t.client().signIn(person);
  for (const path of ['/me', '/me/export', `/participants/${person}`]) {
    expect({ path, cache: (await client.get(path)).headers['cache-control'] }).toEqual({ path, cache: 'no-store' });
  }
  for (const path of [`/rsvp/${'a'.repeat(32)}`, `/evaluation/${'b'.repeat(32)}`, `/calendar/${'c'.repeat(32)}.ics`]) {
    expect({ path, cache: (await t.client().get(path)).headers['cache-control'] }).toEqual({ path, cache: 'no-store' });
  }
  expect(withoutTokens(`/rsvp/${'a'.repeat(32)}/stand-in`)).toBe('/rsvp/[token]/stand-in');
  expect(withoutTokens(`/calendar/${'c'.repeat(32)}/networks/4.ics`)).toBe('/calendar/[token]/networks/4.ics');
  expect(withoutTokens('/networks/4')).toBe('/networks/4');
});

test('the development mailbox answers only connections from this machine', () => {
  for (const address of ['127.0.0.1', '127.0.0.2', '::1', '::ffff:127.0.0.1']) expect(isLoopback(address)).toBe(true);
  for (const address of ['10.0.0.5', '192.0.2.7', '::ffff:10.1.2.3', '2001:db8::1', undefined])
    expect(isLoopback(address)).toBe(false);
});

test('forged link tokens are slowed per address: after 50 unknown tokens, token pages answer 429 for a while', async () => {
  const app = await startTestApp();
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 51; i++) {
      const token = newSecretToken(24);
      statuses.push((await app.client().get(i % 2 ? `/calendar/${token}.ics` : `/rsvp/${token}`)).status);
    }
    expect(statuses.slice(0, 50).every((s) => s === 404)).toBe(true);
    expect(statuses[50]).toBe(429);
    // Other pages are not affected.
    expect((await app.client().get('/login')).status).toBe(200);
  } finally {
    await app.close();
  }
});
