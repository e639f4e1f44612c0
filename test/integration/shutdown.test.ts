import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/knex';
import { enqueueEmails } from '../../src/mail/outbox';
import { buildApp, freePort, runStart, runTs, waitFor, waitForHttp, type Child } from '../support/processes';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// `npm start` on the embedded default (built into dist/ and run as package.json's start script
// runs it, so a fresh database is migrated from the .ts migrations without a TypeScript loader),
// stopped (SIGTERM, as Ctrl-C or a service manager would) while mail is in flight. The app stops
// taking requests, lets the worker finish its send, closes its pools and only then stops
// PostgreSQL: nothing is cut, nothing is logged as a warning or an error, and every message is
// delivered once.

jest.setTimeout(120000);

const MESSAGES = 3;
let dataDir: string;
let smtp: TestSmtpServer;
const children: Child[] = [];
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-shutdown-pg-'));
  smtp = await startSmtpServer();
  buildApp();
});
afterAll(async () => {
  for (const child of children) await child.stop();
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test('SIGTERM while a send is in flight: the send completes once, PostgreSQL stops last, and nothing is logged as a warning or an error', async () => {
  const [port, pgPort] = [await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${port}`;
  const app = runStart({
    PORT: String(port),
    BASE_URL: baseUrl,
    EMBEDDED_PG_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SMTP_URL: smtp.url,
    DEMO_DATA: 'false',
    LOG_LEVEL: 'info',
  });
  children.push(app);
  await waitForHttp(baseUrl, app);
  // The built app finds its views, text catalogues and public files from dist/.
  const login = await fetch(`${baseUrl}/login`);
  expect(login.status).toBe(200);
  expect(await login.text()).toContain('Logg inn');
  expect((await fetch(`${baseUrl}/static/app.css`)).status).toBe(200);

  // Three sign-in mails go out as one job; the SMTP server takes two seconds to accept each.
  const dbUrl = `postgres://samling:samling-local@127.0.0.1:${pgPort}/samling`;
  const db = createDb(dbUrl, 1);
  smtp.acceptDelayMs = 2000;
  await db.transaction((trx) =>
    enqueueEmails(
      trx,
      Array.from({ length: MESSAGES }, (_, i) => ({
        template: 'login',
        to: { email: `person${i}@kommune.example`, language: 'nb' as const },
        params: { name: `Person ${i}` },
        secretParams: { link: `${baseUrl}/login/verify?token=t${i}` },
      })),
      'samling.test',
    ),
  );
  const locked = async () =>
    Number((await db.raw('select count(*) as n from graphile_worker.jobs where locked_by is not null')).rows[0].n);
  await waitFor('the worker to take the send', async () => (await locked()) > 0, 20000, 20);
  await db.destroy();

  const signalled = Date.now();
  app.process.kill('SIGTERM');
  expect(await app.exited).toBe(0);
  // The worker waited for the slow SMTP server instead of cutting the send.
  expect(Date.now() - signalled).toBeGreaterThan(1000);
  expect(smtp.messages).toHaveLength(MESSAGES);
  expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(MESSAGES);

  const entries = app
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
  expect(entries.filter((entry) => entry.level >= 40)).toEqual([]);
  expect(entries.map((entry) => entry.msg)).toEqual(
    expect.arrayContaining(['SIGTERM received, shutting down', 'stopped']),
  );

  // PostgreSQL was stopped cleanly, after the worker recorded every message as sent.
  const pg = runTs('test/support/embeddedPgProcess.ts', { PG_DATA_DIR: dataDir, PG_PORT: String(pgPort) });
  children.push(pg);
  await waitFor(`PostgreSQL to start again (${pg.output()})`, () => pg.output().includes('ready'), 60000, 100);
  const again = createDb(dbUrl, 1);
  const statuses = await again('outgoing_emails').select('status').count({ n: '*' }).groupBy('status');
  await again.destroy();
  expect(statuses).toEqual([{ status: 'sent', n: MESSAGES }]);
});
