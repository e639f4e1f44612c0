import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import pino from 'pino';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { createDb, type Db } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { makeClient, csrfIn } from '../support/app';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';
import { freePort, runTs, waitFor, type Child } from '../support/processes';

// Faults: PostgreSQL stopped and started again while the app serves requests. This file
// runs a PostgreSQL server of its own, so stopping it hits no other test file.

jest.setTimeout(120000);
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;
const BIG = 1500;

let dataDir: string;
let port: number;
let server: Child | undefined;

/** Starts (or starts again) this file's PostgreSQL, in a process of its own. */
async function startPostgres(): Promise<Child> {
  const child = runTs('test/support/embeddedPgProcess.ts', { PG_DATA_DIR: dataDir, PG_PORT: String(port) });
  await waitFor(
    `PostgreSQL to start (${child.output()})`,
    () => {
      if (child.process.exitCode !== null) throw new Error(child.output());
      return child.output().includes('ready');
    },
    60000,
    100,
  );
  return child;
}
let db: Db;
let app: ReturnType<typeof createApp>;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-restart-pg-'));
  port = await freePort();
  server = await startPostgres();
  const url = `postgres://samling:samling-local@127.0.0.1:${port}/samling`;
  db = createDb(url, 5);
  await migrateToLatest(db, url);
  app = createApp({
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', BASE_URL: 'https://samling.test' }),
    db,
    databaseUrl: url,
    logger: pino({ level: process.env.DEBUG_RESTART ? 'error' : 'silent' }),
    sessionSecret: 'test-session-secret-that-is-long-enough-0123456789',
  });
});
afterAll(async () => {
  await app?.close();
  await db?.destroy();
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type Phase = 'before' | 'down' | 'after';
interface Outcome {
  phase: Phase;
  status: number;
  ms: number;
  what: string;
}

test('PostgreSQL restarted under load: 503 pages within seconds while it is down, requests succeed again by themselves, and a cut transaction leaves no rows', async () => {
  const regionId = await makeRegion(db);
  const unitId = await makeUnit(db, { region_id: regionId });
  const adminId = await makeKorusAdmin(db, regionId);
  // A network big enough that its invitation send is a long transaction (invitations, outbox rows, jobs, audit).
  const networkId = await makeNetwork(db, { sector_id: await makeSector(db, { region_id: regionId }) });
  const leader = await makeParticipant(db, { unit_id: unitId, email: 'leder@dps.example' });
  await makeMembership(db, { network_id: networkId, participant_id: leader, role: 'leader' });
  const people = await db('participants')
    .insert(
      Array.from({ length: BIG }, (_, i) => ({
        unit_id: unitId,
        name: `Stor ${i}`,
        email: `stor${i}@kommune.example`,
        profession: 'nurse',
      })),
    )
    .returning('id');
  await db('memberships').insert(
    people.map((p: { id: number }) => ({ network_id: networkId, participant_id: p.id, role: 'participant' })),
  );
  const start = DateTime.fromISO(`${YEAR}-03-12T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await db('gatherings')
    .insert({
      starts_at: start.toJSDate(),
      ends_at: start.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      venue: 'Sted',
    })
    .returning('id');
  await db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  await db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });

  const clients = await Promise.all([1, 2, 3].map(() => makeClient(app.app, db).signIn(adminId)));
  const sender = await makeClient(app.app, db).signIn(leader);
  const sendPage = `/networks/${networkId}/plan/send?year=${YEAR}`;
  const sendToken = csrfIn((await sender.get(sendPage)).text);

  let phase: Phase = 'before';
  let running = true;
  const outcomes: Outcome[] = [];
  const created: string[] = [];
  const timed = async (what: string, run: () => Promise<{ status: number; text: string }>) => {
    const at = phase;
    const started = Date.now();
    const res = await run();
    outcomes.push({ phase: at === phase ? at : 'down', status: res.status, ms: Date.now() - started, what });
    return res;
  };
  // Each client: a list page, then a form (a participant and its audit row, in one transaction). Stops by itself.
  const deadline = Date.now() + 90000;
  const load = clients.map(async (client, c) => {
    for (let i = 0; running && Date.now() < deadline; i++) {
      await timed('GET /participants', () => client.get('/participants'));
      const form = await timed('GET /participants/new', () => client.get('/participants/new'));
      const token = csrfIn(form.text);
      if (!token) continue;
      const email = `last${c}-${i}@kommune.example`;
      const res = await timed('POST /participants', () =>
        client.agent
          .post('/participants')
          .type('form')
          .send({
            unitId: String(unitId),
            name: `Last ${c} ${i}`,
            email,
            profession: 'nurse',
            language: 'nb',
            _csrf: token,
          }),
      );
      if (res.status === 303) created.push(email);
    }
  });

  await waitFor('requests served before the restart', () => outcomes.filter((o) => o.status === 200).length >= 6);
  // The big send, cut short by the stop a moment after it starts.
  const send = sender.agent
    .post(`/networks/${networkId}/plan/send`)
    .type('form')
    .send({ year: String(YEAR), _csrf: sendToken })
    .then((res) => res);
  await new Promise((resolve) => setTimeout(resolve, 150));
  phase = 'down';
  await server?.stop();
  server = undefined;
  const sendResult = await send;
  await waitFor(
    '503 pages while the database is down',
    () => outcomes.filter((o) => o.phase === 'down' && o.status === 503).length >= 6,
    30000,
  );

  server = await startPostgres();
  phase = 'after';
  const restarted = outcomes.length;
  // No restart of the app: the pools reconnect on their own.
  await waitFor('requests to succeed again', () => outcomes.slice(restarted).some((o) => o.status === 200), 20000);
  const recovered = outcomes.length;
  await waitFor('more requests after recovery', () => outcomes.length >= recovered + 12, 20000);
  running = false;
  await Promise.all(load);

  // Never a 500, never a request held more than a few seconds.
  expect(outcomes.filter((o) => o.status >= 500 && o.status !== 503)).toEqual([]);
  expect(outcomes.filter((o) => o.ms > 6000)).toEqual([]);
  expect([303, 503]).toContain(sendResult.status);
  // Once back, everything succeeds.
  expect(outcomes.slice(recovered).filter((o) => o.status !== 200 && o.status !== 303)).toEqual([]);

  // Every participant created has its audit row and vice versa: no form was half saved.
  const participants = await db('participants').where('email', 'like', 'last%').pluck('id');
  const audited = await db('audit_log').where({ entity_type: 'participants', action: 'create' }).pluck('entity_id');
  expect(new Set(audited.map(Number))).toEqual(new Set(participants.map(Number)));
  expect(participants.length).toBeGreaterThanOrEqual(created.length);

  // The send was all or nothing: each invitation has its outbox row, and the audit row is there exactly when they are.
  const invitations = Number((await db('invitations').where({ gathering_id: g!.id }).count({ n: '*' }).first())?.n);
  const emails = Number((await db('outgoing_emails').where({ network_id: networkId }).count({ n: '*' }).first())?.n);
  const sendAudits = Number(
    (await db('audit_log').where({ action: 'sendInvitations', entity_id: networkId }).count({ n: '*' }).first())?.n,
  );
  expect([0, BIG + 1]).toContain(invitations);
  expect(emails).toBe(invitations);
  expect(sendAudits).toBe(invitations === 0 ? 0 : 1);
  expect(invitations === 0).toBe(sendResult.status === 503);
});
