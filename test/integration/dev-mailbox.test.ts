import { loadConfig } from '../../src/config';
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
  const page = await t.client().get('/dev/mailbox');
  expect(page.status).toBe(200);
  expect(page.text).toContain('kari@kommune.example');
  expect(page.text.replace(/&#x3D;/g, '=')).toContain('http://localhost:3000/login/verify?token=abc');
});

test('the mailbox page does not exist outside development', async () => {
  const production = await startTestApp({ NODE_ENV: 'test' });
  try {
    expect((await production.client().get('/dev/mailbox')).status).not.toBe(200);
  } finally {
    await production.close();
  }
});
