import { enqueueEmails } from '../../src/mail/outbox';
import { RETRY_CAP_SECONDS } from '../../src/mail/sendEmail';
import { formatDateTime } from '../../src/web/dates';
import { startTestApp, type TestApp } from '../support/app';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

// A mail server that refuses for a long while: mail goes out within minutes of its return.

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let regionId: number;
let networkA: number;
let leaderA: number;
let korus: number;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.db, t.url, smtp.url);
  regionId = await makeRegion(t.db);
  const sector = await makeSector(t.db, { region_id: regionId });
  networkA = await makeNetwork(t.db, { sector_id: sector, name: 'Nettverk A' });
  leaderA = await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: regionId }) });
  await makeMembership(t.db, { network_id: networkA, participant_id: leaderA, role: 'leader' });
  korus = await makeKorusAdmin(t.db, regionId);
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function queue(networkId: number, tag: string, count: number): Promise<number[]> {
  const requests = Array.from({ length: count }, (_, i) => ({
    template: 'login',
    to: { email: `${tag}${i}@kommune.example`, language: 'nb' as const },
    networkId,
    regionId,
    params: { name: tag },
    secretParams: { link: 'https://samling.test/x' },
  }));
  return t.db.transaction((trx) => enqueueEmails(trx, requests, 'samling.test'));
}

interface NextAttempt {
  status: string;
  attempts: number;
  lastError: string | null;
  /** Seconds until the message's job runs again; null once it has no job. */
  dueIn: number | null;
  locked: boolean;
}

async function nextAttempts(ids: number[]): Promise<NextAttempt[]> {
  const { rows } = await t.db.raw(
    `select e.status, e.attempts, e.last_error as "lastError",
            extract(epoch from j.run_at - now())::float as "dueIn", j.locked_at is not null as locked
     from outgoing_emails e left join graphile_worker.jobs j on j.id = e.job_id
     where e.id = any(?) order by e.id`,
    [ids],
  );
  return rows;
}

/** Until every message has been refused this often and waits, in a job no worker holds, for its next attempt. */
const refused = (ids: number[], times: number) =>
  waitUntil(async () =>
    (await nextAttempts(ids)).every((m) => m.attempts >= times && m.dueIn !== null && m.dueIn > 0 && !m.locked),
  );

test('after an outage longer than the cap, the next attempt is at most the cap away, and mail goes out within it', async () => {
  smtp.refusing = true;
  const ids = await queue(networkA, 'lang', 3);
  // Seven refused attempts: the queue's own back-off would now wait exp(7) seconds, some 18 minutes.
  for (let attempt = 1; attempt <= 7; attempt++) {
    await worker.runDueNow();
    await refused(ids, attempt);
  }
  const waiting = await nextAttempts(ids);
  for (const message of waiting) {
    expect(message).toMatchObject({ status: 'queued', attempts: 7 });
    expect(message.lastError).toMatch(/421/);
    expect(message.dueIn).toBeLessThanOrEqual(RETRY_CAP_SECONDS + 1);
    expect(message.dueIn).toBeGreaterThan(RETRY_CAP_SECONDS - 10);
  }
  expect(smtp.messages).toHaveLength(0);

  // The server is back; once the cap has passed (moved back rather than waited for), all go out.
  smtp.refusing = false;
  await t.db.raw(
    `update graphile_worker._private_jobs set run_at = run_at - make_interval(secs => ?)
     where id in (select job_id from outgoing_emails where id = any(?))`,
    [RETRY_CAP_SECONDS, ids],
  );
  await smtp.waitForMessages(3);
  await waitUntil(async () => (await nextAttempts(ids)).every((m) => m.status === 'sent'));
  expect((await nextAttempts(ids)).map((m) => m.attempts)).toEqual([8, 8, 8]);
});

test('mail the server has refused for four days is given up (failed, to be sent again from the mail log)', async () => {
  smtp.refusing = true;
  const ids = await queue(networkA, 'gammel', 1);
  await worker.runDueNow();
  await refused(ids, 1);
  await t
    .db('outgoing_emails')
    .whereIn('id', ids)
    .update({ server_refused_since: t.db.raw("now() - interval '4 days 1 minute'") });
  await worker.runDueNow();
  await waitUntil(async () => (await nextAttempts(ids))[0]?.status === 'failed');
  await waitUntil(async () => (await nextAttempts(ids))[0]?.dueIn === null);
  smtp.refusing = false;
});

const REFUSING = 'E-postserveren tar ikke imot e-post.';

test('while the server refuses, the send page and the mail log say so and since when; once it is back, they do not', async () => {
  const leader = await t.client().signIn(leaderA);
  const admin = await t.client().signIn(korus);
  const sendPage = `/networks/${networkA}/plan/send`;
  expect((await leader.get(sendPage)).text).not.toContain(REFUSING);
  expect((await admin.get('/emails')).text).not.toContain(REFUSING);

  smtp.refusing = true;
  const ids = await queue(networkA, 'nede', 2);
  await worker.runDueNow();
  await refused(ids, 1);
  const { since } = (await t.db('outgoing_emails').whereIn('id', ids).min('server_refused_since as since').first()) as {
    since: Date;
  };
  // Refused again: the warning keeps the time of the first refusal.
  await worker.runDueNow();
  await refused(ids, 2);
  expect(await t.db('outgoing_emails').whereIn('id', ids).min('server_refused_since as since').first()).toEqual({
    since,
  });
  const warning = `${REFUSING} Første feil: ${formatDateTime(since)}. 2 e-poster venter og sendes automatisk når serveren svarer igjen.`;
  expect((await leader.get(sendPage)).text).toContain(warning);
  expect((await admin.get('/emails')).text).toContain(warning);

  smtp.refusing = false;
  await worker.runDueNow();
  await waitUntil(async () => (await nextAttempts(ids)).every((m) => m.status === 'sent'));
  expect((await leader.get(sendPage)).text).not.toContain(REFUSING);
  expect((await admin.get('/emails')).text).not.toContain(REFUSING);
});
