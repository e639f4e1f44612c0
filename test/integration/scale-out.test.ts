import { csrfIn } from '../support/app';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import request from 'supertest';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { createDb, type Db } from '../../src/db/knex';
import { adminQuery } from '../support/db';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';
import { freePort, runTs, waitFor, waitForHttp, type Child } from '../support/processes';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';

// Scale-out: two app processes (src/server.ts, WORKER_IN_APP=false) and two worker
// processes (scripts/worker.ts) on ONE PostgreSQL database, all started at once on an empty one.

jest.setTimeout(180000);
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;
const SECRET = 'scale-out-session-secret-0123456789abcdef';
const MEMBERS = 40;

let smtp: TestSmtpServer;
let db: Db;
let url: string;
let name: string;
const children: Child[] = [];
let a = '';
let b = '';
let apps: Child[] = [];

beforeAll(async () => {
  smtp = await startSmtpServer();
  const adminUrl = process.env.SAMLING_TEST_ADMIN_URL as string;
  name = `samling_scale_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const parsed = new URL(adminUrl);
  parsed.pathname = `/${name}`;
  url = parsed.toString();
  db = createDb(url, 3);
  const [portA, portB] = [await freePort(), await freePort()];
  a = `http://127.0.0.1:${portA}`;
  b = `http://127.0.0.1:${portB}`;
  const common = {
    DATABASE_URL: url,
    SMTP_URL: smtp.url,
    BASE_URL: 'https://samling.test',
    DEMO_DATA: 'false',
    SESSION_SECRET: SECRET,
  };
  // All four at once, on an empty database: each runs the migrations on start-up.
  apps = [
    runTs('src/server.ts', { ...common, PORT: String(portA), WORKER_IN_APP: 'false' }),
    runTs('src/server.ts', { ...common, PORT: String(portB), WORKER_IN_APP: 'false' }),
  ];
  children.push(...apps, runTs('scripts/worker.ts', common), runTs('scripts/worker.ts', common));
  await waitForHttp(a, apps[0] as Child, 120000);
  await waitForHttp(b, apps[1] as Child, 120000);
});
afterAll(async () => {
  for (const child of children) await child.stop();
  await db?.destroy();
  await smtp?.close();
  await adminQuery(process.env.SAMLING_TEST_ADMIN_URL as string, `drop database if exists ${name} with (force)`);
}, 60000);

/** Signs in through the emailed-link flow on one instance; the session's cookies, to use on any. */
async function signInOn(base: string, participantId: number): Promise<string> {
  const agent = request.agent(base);
  const token = await issueLoginToken(db, participantId);
  const confirm = await agent.get(`/login/verify?token=${token}`);
  expect(
    (
      await agent
        .post('/login/verify')
        .type('form')
        .send({ token, _csrf: csrfIn(confirm.text) })
    ).status,
  ).toBe(303);
  return ((await agent.get('/me')).request as unknown as { cookies: string }).cookies;
}

test('four processes starting at once on an empty database apply every migration once', async () => {
  const files = readdirSync(path.resolve(__dirname, '../../migrations')).filter((f) => f.endsWith('.ts'));
  const applied = await db('knex_migrations').pluck('name');
  expect(applied).toHaveLength(files.length);
  expect(new Set(applied)).toEqual(new Set(files));
  const queue = await db.raw('select count(*)::int as n, count(distinct id)::int as d from graphile_worker.migrations');
  expect(queue.rows[0].n).toBe(queue.rows[0].d);
});

test('a session signed in on instance A works on instance B; an invitation send through A is delivered exactly once; a reminder run by both workers at once goes out once', async () => {
  const regionId = await makeRegion(db);
  const networkId = await makeNetwork(db, { sector_id: await makeSector(db, { region_id: regionId }) });
  const unit = await makeUnit(db, {
    region_id: regionId,
    manager_name: 'Mona Leder',
    manager_email: 'mona.leder@kommune.example',
  });
  const leader = await makeParticipant(db, { unit_id: unit, name: 'Liv Leder', email: 'liv.leder@dps.example' });
  await makeMembership(db, { network_id: networkId, participant_id: leader, role: 'leader' });
  for (let i = 0; i < MEMBERS - 1; i++)
    await makeMembership(db, {
      network_id: networkId,
      participant_id: await makeParticipant(db, { unit_id: unit, email: `medlem${i}@kommune.example` }),
    });
  const start = DateTime.fromISO(`${YEAR}-03-12T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await db('gatherings')
    .insert({
      starts_at: start.toJSDate(),
      ends_at: start.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      venue: 'Sted',
      host_unit_id: unit,
    })
    .returning('id');
  await db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  await db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });

  // Sign in on A.
  const cookie = await signInOn(a, leader);
  // The same cookie on B: the session lives in PostgreSQL, not in the instance.
  const onB = request.agent(b);
  const me = await onB.get('/me').set('Cookie', cookie);
  expect(me.status).toBe(200);
  expect(me.text).toContain('Liv Leder');
  // A form read on B posts on A, as a browser behind a load balancer would: one cookie jar for
  // both (B's CSRF cookie goes along), and the token is valid on A (one shared secret).
  const sendPage = `/networks/${networkId}/plan/send?year=${YEAR}`;
  const page = await onB.get(sendPage).set('Cookie', cookie);
  expect(page.status).toBe(200);
  const fromB = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
  const jar = new Map([...cookie.split('; '), ...fromB].map((c) => [c.slice(0, c.indexOf('=')), c] as const));
  const posted = await request(a)
    .post(`/networks/${networkId}/plan/send`)
    .set('Cookie', [...jar.values()].join('; '))
    .type('form')
    .send({ year: String(YEAR), _csrf: csrfIn(page.text) });
  expect(posted.status).toBe(303);

  // Two workers share the queue: every invitation once.
  await smtp.waitForMessages(MEMBERS, 60000);
  await waitFor(
    'the invitations recorded as sent',
    async () =>
      Number(
        (await db('outgoing_emails').where({ network_id: networkId, status: 'sent' }).count({ n: '*' }).first())?.n,
      ) === MEMBERS,
    30000,
    200,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const invitations = smtp.messages.filter(
    (m) =>
      /invitation|invitasjon|Invitasjon/i.test(m.subject ?? '') ||
      m.attachments.some((x) => x.contentType === 'text/calendar'),
  );
  expect(invitations).toHaveLength(MEMBERS);
  expect(new Set(invitations.map((m) => m.messageId)).size).toBe(MEMBERS);
  expect(new Set(invitations.map((m) => (m.to && 'text' in m.to ? m.to.text : ''))).size).toBe(MEMBERS);

  // Time is driven by the data: the gathering moves to ten days ahead, so the host unit's
  // preparation reminders and the leader's agenda reminder are due now. The reminder task is
  // queued twice at once; each worker takes one and both run it concurrently.
  smtp.messages.length = 0;
  const soon = new Date(Date.now() + 10 * 24 * 3600 * 1000);
  await db('gatherings')
    .where({ id: g!.id })
    .update({ starts_at: soon, ends_at: new Date(soon.getTime() + 3 * 3600 * 1000) });
  await Promise.all([1, 2].map(() => db.raw("select graphile_worker.add_job('send_due_reminders')")));
  const due = MEMBERS + 1; // every member of the host unit (the leader included) and the unit's manager: preparation
  await waitFor(
    'the reminders delivered',
    async () =>
      Number(
        (
          await db('outgoing_emails')
            .where({ template: 'reminder', network_id: networkId, status: 'sent' })
            .count({ n: '*' })
            .first()
        )?.n,
      ) >=
      due + 1,
    60000,
    200,
  );
  await waitFor(
    'both reminder jobs done',
    async () =>
      (await db.raw("select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_due_reminders'"))
        .rows[0].n === 0,
    30000,
    200,
  );
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const claimed = await db('reminders_sent').where({ gathering_id: g!.id }).select('kind', 'email');
  // preparation for each member and the manager, and agendaDue for the leader: once each.
  expect(claimed).toHaveLength(due + 1);
  const reminders = await db('outgoing_emails').where({ template: 'reminder', network_id: networkId });
  expect(reminders).toHaveLength(due + 1);
  expect(smtp.messages).toHaveLength(due + 1);
  expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(due + 1);
});

test('a change written elsewhere shows on both instances: each empties its cache when PostgreSQL notifies it', async () => {
  const regionId = await makeRegion(db);
  const networkId = await makeNetwork(db, {
    sector_id: await makeSector(db, { region_id: regionId }),
    name: 'Nettverk før',
  });
  const leader = await makeParticipant(db, {
    unit_id: await makeUnit(db, { region_id: regionId }),
    name: 'Siri Skalerer',
  });
  await makeMembership(db, { network_id: networkId, participant_id: leader, role: 'leader' });
  const cookie = await signInOn(b, leader);
  const page = (base: string) => request(base).get(`/networks/${networkId}`).set('Cookie', cookie);
  // B reads the page twice: the second comes from its cache.
  expect((await page(b)).text).toContain('Nettverk før');
  expect((await page(b)).text).toContain('Nettverk før');
  // The name changes in another process, as a third instance would write it.
  await db('networks').where({ id: networkId }).update({ name: 'Nettverk etter' });
  for (const base of [a, b])
    await waitFor(
      `${base} showing the new name`,
      async () => (await page(base)).text.includes('Nettverk etter'),
      5000,
      50,
    );
});

test('signing out on one instance ends the session on the other, which kept it in memory', async () => {
  const regionId = await makeRegion(db);
  const person = await makeParticipant(db, {
    unit_id: await makeUnit(db, { region_id: regionId }),
    name: 'Sigve Signerut',
  });
  const cookie = await signInOn(a, person);
  const me = (base: string) => request(base).get('/me').set('Cookie', cookie);
  // B reads the session twice: the second time from memory.
  expect((await me(b)).text).toContain('Sigve Signerut');
  expect((await me(b)).text).toContain('Sigve Signerut');
  const onA = await me(a);
  const fromA = ([] as string[]).concat(onA.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? '');
  const jar = new Map([...cookie.split('; '), ...fromA].map((c) => [c.slice(0, c.indexOf('=')), c] as const));
  const signedOut = await request(a)
    .post('/logout')
    .set('Cookie', [...jar.values()].join('; '))
    .type('form')
    .send({ _csrf: csrfIn(onA.text) });
  expect(signedOut.status).toBe(303);
  // The stolen copy of the cookie no longer works on B once PostgreSQL has notified it.
  await waitFor('B sending the signed-out cookie to sign in', async () => (await me(b)).status === 303, 5000, 10);
  expect((await me(b)).headers.location).toMatch(/^\/login/);
});
