import type { ParsedMail } from 'mailparser';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startTestApp, fieldError, type TestApp, csrfIn } from '../support/app';
import { makeKorusAdmin, makeParticipant, makeRegion, makeUnit } from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'http://samling.test' });
  worker = await startTestWorker(t.url, smtp.url, 'http://samling.test');
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
});

const linkIn = (mail: ParsedMail) => {
  const match = /http:\/\/samling\.test(\/login\/verify\?token=[A-Za-z0-9_-]+[^\s"]*)/.exec(mail.text ?? '');
  if (!match?.[1]) throw new Error(`no sign-in link in: ${mail.text}`);
  return match[1].replace(/&amp;/g, '&');
};

async function requestLink(email: string, returnTo?: string) {
  const client = t.client();
  const res = await client.post('/login', { email, ...(returnTo ? { returnTo } : {}) }, '/login');
  return { client, res };
}

test('a participant signs in from the emailed link and lands where they were going', async () => {
  const id = await makeParticipant(t.db, {
    name: 'Kari Nordmann',
    email: 'kari@bergen.kommune.example',
    language: 'nn',
  });
  const { client, res } = await requestLink('Kari@Bergen.Kommune.example', '/me');
  expect(res.status).toBe(200);
  expect(res.text).toContain('Sjekk e-posten din');

  const [mail] = await smtp.waitForMessages(1);
  expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('kari@bergen.kommune.example');
  expect(mail?.subject).toBe('Logg inn i Samling');
  expect(mail?.text).toContain('Hei Kari Nordmann,');
  // Her language is nynorsk; plain text has no button to point at, the HTML part has.
  expect(mail?.text).toContain('Bruk lenkja under for å logge inn. Ho verkar i 15 minutt');
  expect(mail?.text).not.toContain('knappen');
  expect(mail?.html).toContain('Bruk knappen under');
  // Handlebars writes "=" as an entity inside attributes; every HTML reader decodes it.
  expect(String(mail?.html).replace(/&#x3D;/g, '=')).toContain('href="http://samling.test/login/verify?token=');
  const link = linkIn(mail as ParsedMail);

  // Opening the link (or a mail scanner fetching it) does not use it up.
  expect((await client.get(link)).status).toBe(200);
  const confirm = await client.get(link);
  expect(confirm.text).toContain('Trykk på knappen for å fullføre innloggingen.');
  const before = client.agent.jar.getCookie('samling.sid', {
    domain: '127.0.0.1',
    path: '/',
    secure: false,
    script: false,
  })?.value;
  const token = new URL(link, 'http://x').searchParams.get('token') as string;
  const csrf = csrfIn(confirm.text);
  const signedIn = await client.agent.post('/login/verify').type('form').send({ token, returnTo: '/me', _csrf: csrf });
  expect(signedIn.status).toBe(303);
  expect(signedIn.headers.location).toBe('/me');
  const after = client.agent.jar.getCookie('samling.sid', {
    domain: '127.0.0.1',
    path: '/',
    secure: false,
    script: false,
  })?.value;
  expect(after).toBeDefined();
  expect(after).not.toBe(before);

  const me = await client.get('/me');
  expect(me.status).toBe(200);
  expect(me.text).toContain('Kari Nordmann');
  expect(await t.db('audit_log').where({ action: 'signIn', actor_id: id }).first()).toBeDefined();

  // The link cannot be used twice.
  expect((await client.get(link)).status).toBe(410);
  const again = await t.client().agent.post('/login/verify').type('form').send({ token, _csrf: csrf });
  expect(again.status).toBe(403); // a fresh browser has no CSRF cookie for that token either
});

test('a used or expired link is refused with a way to get a new one', async () => {
  await makeParticipant(t.db, { email: 'utlopt@nav.example' });
  const { client } = await requestLink('utlopt@nav.example');
  const [mail] = await smtp.waitForMessages(1);
  const link = linkIn(mail as ParsedMail);
  await t.db('login_tokens').update({ expires_at: new Date(Date.now() - 1000) });
  const res = await client.get(link);
  expect(res.status).toBe(410);
  expect(res.text).toContain('Lenken virker ikke lenger');
  expect(res.text).toContain('href="/login"');
});

test('tokens are stored only as hashes', async () => {
  await makeParticipant(t.db, { email: 'hash@nav.example' });
  await requestLink('hash@nav.example');
  const [mail] = await smtp.waitForMessages(1);
  const token = new URL(linkIn(mail as ParsedMail), 'http://x').searchParams.get('token') as string;
  const rows = (await t
    .db('login_tokens')
    .select(t.db.raw("encode(token_hash, 'escape') as h"), t.db.raw("encode(token_hash, 'hex') as x"))) as {
    h: string;
    x: string;
  }[];
  for (const row of rows) {
    expect(row.h).not.toContain(token);
    expect(row.x).not.toContain(Buffer.from(token).toString('hex'));
  }
  // The worker records "sent" just after the SMTP server has the message.
  let email = await t.db('outgoing_emails').where({ to_email: 'hash@nav.example' }).first();
  for (let i = 0; i < 100 && email!.status !== 'sent'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    email = await t.db('outgoing_emails').where({ to_email: 'hash@nav.example' }).first();
  }
  expect(email!.status).toBe('sent');
  expect(email!.secret_params).toBeNull();
  expect(JSON.stringify(email)).not.toContain(token);
});

test('an unknown address gets the same answer and no email', async () => {
  const { res } = await requestLink('finnes.ikke@example.org');
  expect(res.status).toBe(200);
  expect(res.text).toContain('Hvis finnes.ikke@example.org er registrert i Samling');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(smtp.messages).toHaveLength(0);
});

test('a malformed address is a message at the field', async () => {
  const { res } = await requestLink('ikke en adresse');
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'email')).toMatch(/gyldig e-postadresse/);
});

test('sign-in links are limited per address, without locking the owner out', async () => {
  await makeParticipant(t.db, { email: 'mange@nav.example' });
  const answers: { status: number; text: string }[] = [];
  for (let i = 0; i < 7; i += 1) {
    const { res } = await requestLink('mange@nav.example');
    answers.push({ status: res.status, text: res.text.replace(/value="[^"]+"/g, '') });
  }
  // Someone asking again and again for another's address gets the usual answer, and nothing more
  // is mailed: the owner still has the links of the last 15 minutes (a link lives as long).
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
  expect(new Set(answers.map((a) => a.text)).size).toBe(1);
  expect(answers[6]?.text).toContain('Sjekk e-posten din');
  await smtp.waitForMessages(5);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages).toHaveLength(5);
});

test('signing out ends the session on the server', async () => {
  const id = await makeParticipant(t.db);
  const client = await t.client().signIn(id);
  expect((await client.get('/me')).status).toBe(200);
  const cookie = client.agent.jar
    .getCookie('samling.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })
    ?.toValueString() as string;
  const out = await client.post('/logout', {});
  expect(out.status).toBe(303);
  expect((await client.get('/me')).status).toBe(303);
  // Replaying the old cookie does not bring the session back.
  const replay = await t.client().agent.get('/me').set('Cookie', cookie);
  expect(replay.status).toBe(303);
  expect(replay.headers.location).toBe('/login?returnTo=%2Fme');
});

test('pages behind sign-in send an anonymous visitor to the sign-in page', async () => {
  const res = await t.client().get('/participants?q=x');
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe('/login?returnTo=%2Fparticipants%3Fq%3Dx');
});

test("the region's KORUS admin sees the sign-in mail in the mail log, without its link", async () => {
  const regionId = await makeRegion(t.db);
  await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: regionId }), email: 'logg@nav.example' });
  await requestLink('logg@nav.example');
  await smtp.waitForMessages(1);
  const admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  let page = await admin.get('/emails');
  for (let i = 0; i < 40 && !page.text.includes('Sendt</span>'); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    page = await admin.get('/emails');
  }
  expect(page.text).toContain('logg@nav.example');
  expect(page.text).toContain('Logg inn i Samling');
  expect(page.text).toContain('Sendt</span>');
  expect(page.text).not.toContain('token');
  const outsider = await t.client().signIn(await makeParticipant(t.db));
  expect((await outsider.get('/emails')).status).toBe(403);
});

test('an idle session expires and the person must sign in again', async () => {
  const id = await makeParticipant(t.db);
  const client = await t.client().signIn(id);
  expect((await client.get('/me')).status).toBe(200);
  // Two hours without a request: the stored session has expired.
  await t
    .db('sessions')
    .whereRaw("(sess->>'participantId')::int = ?", [id])
    .update({ expire: new Date(Date.now() - 1000) });
  const res = await client.get('/me');
  expect(res.status).toBe(303);
  expect(res.headers.location).toContain('/login');
});

test('the session cookie is HttpOnly and SameSite=Lax, and lasts while the browser is open: the server keeps the idle timeout', async () => {
  const id = await makeParticipant(t.db);
  const client = t.client();
  const token = await issueLoginToken(t.db, id);
  const confirm = await client.get(`/login/verify?token=${token}`);
  const csrf = csrfIn(confirm.text);
  const res = await client.agent.post('/login/verify').type('form').send({ token, _csrf: csrf });
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('samling.sid='));
  expect(cookie).toMatch(/HttpOnly/i);
  expect(cookie).toMatch(/SameSite=Lax/i);
  expect(cookie).not.toMatch(/Expires=|Max-Age=/i);
  // The stored session expires two hours from now unless it is used.
  const stored = await t.db('sessions').orderBy('expire', 'desc').first('expire');
  expect(stored.expire.getTime() - Date.now()).toBeGreaterThan(2 * 60 * 60 * 1000 - 60_000);
  expect(stored.expire.getTime() - Date.now()).toBeLessThanOrEqual(2 * 60 * 60 * 1000 + 1000);
});

test("an active session's expiry is written at most once a minute, not on every request", async () => {
  const id = await makeParticipant(t.db);
  const client = await t.client().signIn(id);
  const expiry = async () =>
    (await t.db('sessions').whereRaw("(sess->>'participantId')::int = ?", [id]).first('expire')).expire.getTime();
  // The first page stores what it adds to the session (its form token): a real change, written.
  expect((await client.get('/me')).status).toBe(200);
  const afterSignIn = await expiry();
  await new Promise((resolve) => setTimeout(resolve, 1100));
  for (let i = 0; i < 3; i++) expect((await client.get('/me')).status).toBe(200);
  expect(await expiry()).toBe(afterSignIn);
});

test('asking for a link does the same work for a known and an unknown address, and answers the same', async () => {
  await makeParticipant(t.db, { email: 'kjent@kommune.example' });
  // The queue waits while the app's queries are counted (its worker shares the test's pool).
  await worker.stop();
  const ask = async (email: string) => {
    let queries = 0;
    const count = () => {
      queries += 1;
    };
    // The same queries for both while the person waits: nothing is looked up for the address
    // until the queue does it.
    t.db.on('query', count);
    const { res } = await requestLink(email);
    t.db.off('query', count);
    return { status: res.status, page: res.text.replaceAll(email, 'ADDRESS').replace(/value="[^"]+"/g, ''), queries };
  };
  const known = await ask('kjent@kommune.example');
  const unknown = await ask('ukjent@kommune.example');
  expect(unknown).toEqual(known);
  expect(known.status).toBe(200);
  // The known address gets its link from the queue; the unknown one gets nothing.
  worker = await startTestWorker(t.url, smtp.url, 'http://samling.test');
  const [mail] = await smtp.waitForMessages(1);
  expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe('kjent@kommune.example');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages).toHaveLength(1);
});
