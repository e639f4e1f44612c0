import { loadConfig } from '../../src/kernel/config';
import { createMailer } from '../../src/mail/mailer';
import { startTestApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ NODE_ENV: 'development' });
});
afterAll(() => t.close());

test('in development without SMTP, mail lands in the local mailbox page with its working link', async () => {
  const mailer = createMailer(loadConfig({ NODE_ENV: 'development' }), t.db);
  await mailer.send({
    to: 'kari@kommune.example',
    subject: 'Logg inn i Samling',
    html: '<p>Hei</p>',
    text: 'Hei Kari\nhttp://localhost:3000/login/verify?token=abc',
    messageId: '<1@samling.test>',
  });
  const client = t.client();
  const page = await client.get('/dev/mailbox');
  expect(page.status).toBe(200);
  expect(page.text).toContain('kari@kommune.example');
  const id = /href="\/dev\/mailbox\/(\d+)">Logg inn i Samling/.exec(page.text)?.[1];
  // The message's links can be followed from its page.
  const message = (await client.get(`/dev/mailbox/${id}`)).text.replace(/&#x3D;/g, '=');
  expect(message).toContain('<a class="ds-link" href="http://localhost:3000/login/verify?token=abc">');
});

test('each message shows its Reply-To, text, HTML (under a strict policy) and calendar part; the list filters by recipient', async () => {
  const mailer = createMailer(loadConfig({ NODE_ENV: 'development' }), t.db);
  await mailer.send({
    to: 'nils@kommune.example',
    replyTo: 'liv.leder@dps.example',
    subject: 'Invitasjon: ROP-nettverk Voss DPS',
    html: '<p style="color:#0062ba">Hei Nils</p>',
    text: 'Hei Nils <script>alert(1)</script> https://evil.example/"onmouseover="alert(1)',
    messageId: '<2@samling.test>',
    icalEvent: { method: 'request', content: 'BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR' },
  });
  const client = t.client();
  const list = (await client.get('/dev/mailbox?to=nils')).text;
  expect(list).toContain('Invitasjon: ROP-nettverk Voss DPS');
  expect(list).toContain('liv.leder@dps.example');
  expect(list).not.toContain('kari@kommune.example');
  const id = /href="\/dev\/mailbox\/(\d+)"/.exec(list)?.[1];
  const detail = await client.get(`/dev/mailbox/${id}`);
  expect(detail.text).toContain('Svar til (Reply-To)');
  expect(detail.text).toContain('METHOD:REQUEST');
  expect(detail.text).toContain('&lt;2@samling.test&gt;');
  // Linked, but escaped first: nothing in a message becomes markup or an attribute.
  expect(detail.text).not.toContain('<script>alert');
  expect(detail.text).toContain('href="https://evil.example/&quot;onmouseover&#x3D;&quot;alert(1)"');
  const html = await client.get(`/dev/mailbox/${id}/html`);
  expect(html.text).toBe('<p style="color:#0062ba">Hei Nils</p>');
  expect(html.headers['content-security-policy']).toContain("default-src 'none'");
  expect((await client.get('/dev/mailbox/999999')).status).toBe(404);
  expect((await client.get('/dev/mailbox/abc')).status).toBe(404);
});

test('the mailbox page does not exist outside development', async () => {
  const production = await startTestApp({ NODE_ENV: 'test' });
  try {
    expect((await production.client().get('/dev/mailbox')).status).not.toBe(200);
  } finally {
    await production.close();
  }
});
