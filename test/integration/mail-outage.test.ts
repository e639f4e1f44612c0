import { enqueueEmails } from '../../src/mail/outbox';
import { RETRY_CAP_SECONDS } from '../../src/mail/sendEmail';
import { formatDateTime } from '../../src/kernel/dates';
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
let networkB: number;
let leaderB: number;
let korus: number;
let otherKorus: number;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  regionId = await makeRegion(t.db);
  const sector = await makeSector(t.db, { region_id: regionId });
  networkA = await makeNetwork(t.db, { sector_id: sector, name: 'Nettverk A' });
  leaderA = await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: regionId }) });
  await makeMembership(t.db, { network_id: networkA, participant_id: leaderA, role: 'leader' });
  networkB = await makeNetwork(t.db, { sector_id: sector, name: 'Nettverk B' });
  leaderB = await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: regionId }) });
  await makeMembership(t.db, { network_id: networkB, participant_id: leaderB, role: 'leader' });
  korus = await makeKorusAdmin(t.db, regionId);
  otherKorus = await makeKorusAdmin(t.db, await makeRegion(t.db));
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
  const { since } = (await t
    .db('outgoing_emails')
    .whereIn('id', ids)
    .min({ since: 'server_refused_since' })
    .first()) as {
    since: Date;
  };
  // Refused again: the warning keeps the time of the first refusal.
  await worker.runDueNow();
  await refused(ids, 2);
  expect(await t.db('outgoing_emails').whereIn('id', ids).min({ since: 'server_refused_since' }).first()).toEqual({
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

test("retry now makes a network's waiting mail due at once, for its leader only; KORUS retries its region's from the mail log", async () => {
  smtp.refusing = true;
  const mine = await queue(networkA, 'a', 3);
  const theirs = await queue(networkB, 'b', 1);
  await worker.runDueNow();
  await refused([...mine, ...theirs], 1);
  // As after a long outage on the queue's own back-off: the next attempts are an hour away.
  await t.db.raw(
    `select graphile_worker.reschedule_jobs(array(select distinct job_id from outgoing_emails where id = any(?)),
       run_at := now() + interval '1 hour')`,
    [[...mine, ...theirs]],
  );
  const farOff = async (ids: number[]) => (await nextAttempts(ids)).every((m) => (m.dueIn ?? 0) > 3000);
  const leader = await t.client().signIn(leaderA);
  const admin = await t.client().signIn(korus);
  const sendPage = `/networks/${networkA}/plan/send`;
  expect((await leader.get(sendPage)).text).toContain(`action="/networks/${networkA}/emails/retry-now"`);
  expect((await admin.get('/emails')).text).toContain('action="/emails/retry-now"');
  smtp.refusing = false;
  smtp.messages.length = 0;

  const other = await t.client().signIn(leaderB);
  expect(
    (await other.post(`/networks/${networkA}/emails/retry-now`, {}, `/networks/${networkB}/plan/send`)).status,
  ).toBe(403);
  expect(await farOff(mine)).toBe(true);

  const retried = await leader.post(`/networks/${networkA}/emails/retry-now`, {}, sendPage);
  expect(retried.status).toBe(303);
  expect(retried.headers.location).toBe(sendPage);
  const delivered = await smtp.waitForMessages(3);
  expect(delivered.map((m) => (m.to && 'text' in m.to ? m.to.text : '')).sort()).toEqual([
    'a0@kommune.example',
    'a1@kommune.example',
    'a2@kommune.example',
  ]);
  await waitUntil(async () => (await nextAttempts(mine)).every((m) => m.status === 'sent'));
  expect(await farOff(theirs)).toBe(true);
  const audit = await t.db('audit_log').where({ action: 'retryQueue', entity_type: 'networks', entity_id: networkA });
  expect(audit.map((a) => a.changes)).toEqual([{ messages: { before: null, after: 3 } }]);
  const again = await leader.post(`/networks/${networkA}/emails/retry-now`, {}, sendPage);
  expect((await leader.get(again.headers.location as string)).text).toContain('Ingen e-poster venter.');

  // A KORUS admin of another region retries nothing here; this region's admin retries network B's.
  const stranger = await t.client().signIn(otherKorus);
  expect((await stranger.post('/emails/retry-now', {}, '/emails')).status).toBe(303);
  expect(await farOff(theirs)).toBe(true);
  expect((await admin.post('/emails/retry-now', {}, '/emails')).status).toBe(303);
  await smtp.waitForMessages(4);
  await waitUntil(async () => (await nextAttempts(theirs)).every((m) => m.status === 'sent'));
  const logEntries = await t.db('audit_log').where({ action: 'retryQueue', entity_type: 'outgoing_emails' });
  expect(logEntries.map((a) => [a.actor_id, a.region_id, a.changes])).toEqual(
    expect.arrayContaining([
      [otherKorus, null, { messages: { before: null, after: 0 } }],
      [korus, regionId, { messages: { before: null, after: 1 } }],
    ]),
  );
});

test("the server's answer clears the refusal of waiting mail, and does not wait for a message another job is writing", async () => {
  smtp.refusing = true;
  const [waiting] = await queue(networkA, 'venter', 1);
  const [held] = await queue(networkA, 'holdt', 1);
  await worker.runDueNow();
  await refused([waiting!, held!], 1);
  // Both wait an hour for their next attempt; another job holds the row of one of them.
  await t.db.raw(
    `select graphile_worker.reschedule_jobs(array(select distinct job_id from outgoing_emails where id = any(?)),
       run_at := now() + interval '1 hour')`,
    [[waiting!, held!]],
  );
  const otherJob = await t.db.transaction();
  try {
    await otherJob('outgoing_emails').where({ id: held }).forUpdate().select('id');
    smtp.refusing = false;
    const [answered] = await queue(networkA, 'svar', 1);
    await waitUntil(async () => (await nextAttempts([answered!]))[0]?.status === 'sent');
    const refusedSince = async (id: number) =>
      (
        (await t.db('outgoing_emails').where({ id }).first('server_refused_since')) as {
          server_refused_since: Date | null;
        }
      ).server_refused_since;
    await waitUntil(async () => (await refusedSince(waiting!)) === null);
    expect(await refusedSince(held!)).not.toBeNull();
  } finally {
    await otherJob.rollback();
  }
});
