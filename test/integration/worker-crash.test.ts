import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from '../support/app';
import { makeMember, makeNetworkInRegion, makeRegion, makeUnit } from '../support/factories';
import { DEFAULT_CONCURRENCY } from '../../src/jobs/worker';
import { MESSAGES_PER_JOB } from '../../src/mail/outbox';
import { runTs, waitFor, type Child } from '../support/processes';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// Faults: the worker as its own OS process, killed with SIGKILL in the middle of a big send.

const MEMBERS = 300;
// The most a dead worker can leave accepted but not marked sent: the messages of the jobs it had in
// hand (should its marking stall while its sending went on). Usually it is a few: the test's SMTP
// server takes 15 ms a message, and a marking statement runs in less.
const REPEAT_BOUND = MESSAGES_PER_JOB * DEFAULT_CONCURRENCY;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

let t: TestApp;
let smtp: TestSmtpServer;
const children: Child[] = [];
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
});
afterAll(async () => {
  for (const child of children) await child.kill();
  await t.close();
  await smtp.close();
}, 30000);

const worker = () => {
  const child = runTs('scripts/worker.ts', {
    DATABASE_URL: t.url,
    SMTP_URL: smtp.url,
    BASE_URL: 'https://samling.test',
  });
  children.push(child);
  return child;
};

/** A network with a leader and MEMBERS - 1 members, and one accepted gathering next year. */
async function bigNetwork(tag = ''): Promise<{ networkId: number; leader: number }> {
  const regionId = await makeRegion(t.db);
  const networkId = await makeNetworkInRegion(t.db, regionId);
  const unit = await makeUnit(t.db, { region_id: regionId });
  const leader = await makeMember(t.db, networkId, {
    unit_id: unit,
    name: 'Liv Leder',
    email: `liv.leder${tag}@dps.example`,
    role: 'leader',
  });
  const people = await t
    .db('participants')
    .insert(
      Array.from({ length: MEMBERS - 1 }, (_, i) => ({
        unit_id: unit,
        name: `Deltaker ${i}`,
        email: `deltaker${tag}${i}@kommune.example`,
        profession: 'nurse',
      })),
    )
    .returning('id');
  await t
    .db('memberships')
    .insert(people.map((p: { id: number }) => ({ network_id: networkId, participant_id: p.id, role: 'participant' })));
  const start = DateTime.fromISO(`${YEAR}-03-12T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: start.toJSDate(),
      ends_at: start.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      venue: 'Sted',
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  await t.db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });
  return { networkId, leader };
}

// The guarantee: every message is delivered. A message is marked sent by its own statement as
// soon as the SMTP server accepts it, so the only messages a new worker can send again are
// those accepted but not yet marked at the moment of the kill (REPEAT_BOUND at most), and a repeat
// carries the original's Message-ID.
test(`a worker process killed (SIGKILL) mid-send: all ${MEMBERS} invitations are delivered, repeats only the accepted-but-unrecorded (≤${REPEAT_BOUND}) at the kill, with the same Message-ID`, async () => {
  const { networkId, leader } = await bigNetwork();
  smtp.acceptDelayMs = 15;
  const client = await t.client().signIn(leader);
  const sent = await client.post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  expect(sent.status).toBe(303);
  const queued = await t
    .db('outgoing_emails')
    .where({ network_id: networkId, template: 'invitation' })
    .count({ n: '*' })
    .first();
  expect(queued?.n).toBe(MEMBERS);

  const first = worker();
  await waitFor(
    `the first worker to deliver some messages (${first.output()})`,
    () => smtp.messages.length >= 40,
    60000,
    5,
  );
  await first.kill();
  // The test's SMTP server may still be parsing messages it accepted just before the kill: count
  // once the dead worker's connections have closed and every message under way has been kept or dropped.
  await waitFor('the SMTP server to finish with the dead worker', () => smtp.idle(), 10000);
  const atKill = smtp.messages.length;
  // Killed in the middle: some delivered, not all.
  expect(atKill).toBeLessThan(MEMBERS);
  const recorded = await t
    .db('outgoing_emails')
    .where({ network_id: networkId, status: 'sent' })
    .count({ n: '*' })
    .first();
  expect(Number(recorded?.n)).toBeLessThan(MEMBERS);
  // Accepted but not recorded when the process died: bounded by the jobs in hand.
  expect(atKill - Number(recorded?.n)).toBeLessThanOrEqual(REPEAT_BOUND);
  // The dead worker's jobs are still locked by it.
  const locked = await t.db.raw(
    'select count(*)::int as n from graphile_worker._private_jobs where locked_by is not null',
  );
  expect(locked.rows[0].n).toBeGreaterThan(0);

  smtp.acceptDelayMs = 0;
  const second = worker();
  // Without unlocking the dead worker's jobs this would take graphile-worker's 4 hours.
  await waitFor(
    `every message recorded as sent (${second.output()})`,
    async () =>
      Number(
        (await t.db('outgoing_emails').where({ network_id: networkId, status: 'sent' }).count({ n: '*' }).first())?.n,
      ) === MEMBERS,
    60000,
    200,
  );
  await second.stop();

  const ids = smtp.messages.map((m) => m.messageId);
  const unique = new Set(ids);
  expect(unique.size).toBe(MEMBERS);
  const rows = await t
    .db('outgoing_emails')
    .where({ network_id: networkId })
    .select('message_id', 'to_email', 'secret_params');
  expect(new Set(rows.map((r) => r.message_id))).toEqual(unique);
  expect(rows.every((r) => r.secret_params === null)).toBe(true);
  const repeats = ids.length - unique.size;
  expect(repeats).toBeLessThanOrEqual(atKill - Number(recorded?.n));
  expect(repeats).toBeLessThanOrEqual(REPEAT_BOUND);
  // Every recipient got their invitation.
  const delivered = new Set(smtp.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : '')));
  expect(delivered).toEqual(new Set(rows.map((r) => r.to_email)));
  // No job is left behind, locked or not.
  const left = await t.db.raw(
    "select count(*)::int as n from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'send_email')",
  );
  expect(left.rows[0].n).toBe(0);
}, 120000);

// The sweep that frees a dead worker's jobs must never take a live worker's: it unlocks the jobs
// whose lock owner holds no liveness lock, so every owner of a running job must hold one (it is
// taken a moment after the worker starts, within the sweep's grace period).
test('a live worker running a long send holds a liveness lock for the owner of every job it has locked', async () => {
  const { networkId, leader } = await bigNetwork('.b');
  smtp.acceptDelayMs = 100;
  const client = await t.client().signIn(leader);
  await client.post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  const live = worker();
  let seen: { owners: string[]; held: string[] } = { owners: [], held: [] };
  await waitFor(
    `every owner of a locked job to hold a liveness lock (last seen: ${JSON.stringify(seen)})`,
    async () => {
      seen = await lockOwners();
      return seen.owners.length > 0 && seen.held.length === seen.owners.length;
    },
    15000,
    50,
  );
  expect(
    await t.db('outgoing_emails').where({ network_id: networkId, status: 'queued' }).count({ n: '*' }).first(),
  ).not.toEqual({ n: '0' });
  smtp.acceptDelayMs = 0;
  await waitFor(
    'the send to finish',
    async () =>
      Number(
        (await t.db('outgoing_emails').where({ network_id: networkId, status: 'queued' }).count({ n: '*' }).first())?.n,
      ) === 0,
    60000,
    200,
  );
  await live.stop();
}, 120000);

/** The owners of locked jobs (graphile-worker's public jobs view), and those of them holding a liveness lock (src/mail/worker.ts). */
async function lockOwners(): Promise<{ owners: string[]; held: string[] }> {
  const { rows } = await t.db.raw(
    `select distinct j.locked_by as id, exists (
       select 1 from pg_locks l where l.locktype = 'advisory' and l.granted and l.objsubid = 2
         and l.database = (select oid from pg_database where datname = current_database())
         and l.classid = 73614053::oid and l.objid = (hashtext(j.locked_by)::bigint & 4294967295)::oid) as held
     from graphile_worker.jobs j where j.locked_by is not null`,
  );
  return {
    owners: rows.map((r: { id: string }) => r.id),
    held: rows.filter((r: { held: boolean }) => r.held).map((r: { id: string }) => r.id),
  };
}
