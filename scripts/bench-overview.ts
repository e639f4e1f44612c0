import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { issueLoginToken } from '../src/accounts/loginTokens';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateToLatest } from '../src/db/migrate';
import { currentYearInOslo } from '../src/web/dates';

// `npm run bench:overview`: the KORUS overview over 500 networks with 10 years of gatherings
// (20 regions, 20,000 participants, 800,000 invitations, attendance and evaluations), measured
// against a baseline in the same process: /healthz, one trivial query and no template.
const NETWORKS = 500;
const PER_NETWORK = 40;
const YEARS = 10;
const REQUESTS = 40;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-bench-'));
  const pgServer = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await pgServer.createDatabase('bench');
  const url = pgServer.url('bench');
  const db = createDb(url, 10);
  await migrateToLatest(db, url);

  const year = currentYearInOslo();
  const firstYear = year - YEARS + 1;
  let t0 = performance.now();
  // Ids are generated in order on a fresh database, so each row's parent follows from its own id.
  await db.raw(`insert into regions (name, korus_centre) select 'Region ' || r, 'KORUS' from generate_series(1, 20) r`);
  await db.raw(`insert into sectors (region_id, name, health_trust) select (s - 1) / 5 + 1, 'DPS ' || s, 'HF' from generate_series(1, 100) s`);
  await db.raw(`insert into networks (sector_id, name) select (n - 1) / 5 + 1, 'Nettverk ' || n from generate_series(1, ?::int) n`, [NETWORKS]);
  await db.raw(`insert into units (region_id, organisation, name, service_type)
                select (u - 1) / 40 + 1, 'Org', 'Enhet ' || u, (array['municipal','mentalHealth','addiction','welfare'])[1 + u % 4] from generate_series(1, 800) u`);
  await db.raw(`insert into participants (unit_id, name, email, profession)
                select ((p - 1) / ? / 25) * 40 + (p - 1) % 40 + 1, 'Person ' || p, 'p' || p || '@bench.example', 'nurse' from generate_series(1, ?::int) p`, [PER_NETWORK, NETWORKS * PER_NETWORK]);
  await db.raw(`insert into memberships (network_id, participant_id, role)
                select (p - 1) / ? + 1, p, case when (p - 1) % ? = 0 then 'leader' else 'participant' end from generate_series(1, ?::int) p`, [PER_NETWORK, PER_NETWORK, NETWORKS * PER_NETWORK]);
  await db.raw(`insert into year_plans (network_id, year) select n, y from generate_series(1, ?::int) n, generate_series(?::int, ?::int) y`, [NETWORKS, firstYear, year]);
  // Four gatherings a year per network; the second each year digital; the past ones held and recorded.
  await db.raw(`insert into gatherings (starts_at, ends_at, format, status, topic, attendance_recorded_at)
                select make_timestamptz(?::int + y, 3 * q + 2, 10, 12, 0, 0, 'Europe/Oslo'), make_timestamptz(?::int + y, 3 * q + 2, 10, 15, 0, 0, 'Europe/Oslo'),
                       case when q = 1 then 'digital' else 'physical' end, 'planned', 'Tema',
                       case when make_timestamptz(?::int + y, 3 * q + 2, 10, 15, 0, 0, 'Europe/Oslo') < now() then now() end
                  from generate_series(1, ?::int) n, generate_series(0, ?::int - 1) y, generate_series(0, 3) q order by n, y, q`, [firstYear, firstYear, firstYear, NETWORKS, YEARS]);
  await db.raw(`insert into gathering_networks (gathering_id, network_id) select g, (g - 1) / ? + 1 from generate_series(1, ?::int) g`, [YEARS * 4, NETWORKS * YEARS * 4]);
  await db.raw(`insert into agenda_versions (gathering_id, version, snapshot, published_at)
                select g.id, 1, '{"topic":"Tema","startTime":"12:00","endTime":"15:00","items":[]}', g.starts_at - interval '20 days' from gatherings g`);
  await db.raw(`insert into invitations (gathering_id, participant_id, sent_version, answer)
                select gn.gathering_id, m.participant_id, 1, case when m.participant_id % 5 = 0 then 'no' else 'yes' end
                  from gathering_networks gn join memberships m on m.network_id = gn.network_id`);
  await db.raw(`insert into attendances (gathering_id, participant_id)
                select i.gathering_id, i.participant_id from invitations i join gatherings g on g.id = i.gathering_id
                 where g.attendance_recorded_at is not null and i.answer = 'yes' and (i.participant_id + i.gathering_id) % 7 <> 0`);
  await db.raw(`insert into evaluations (gathering_id, usefulness, topic_relevant, enough_exchange)
                select g.id, 1 + (g.id + e) % 5, true, e % 2 = 0 from gatherings g, generate_series(1, 5) e where g.attendance_recorded_at is not null`);
  await db.raw('analyze');
  const [{ id: admin }] = (await db('participants').insert({ unit_id: 1, name: 'KORUS', email: 'korus@bench.example', profession: 'manager' }).returning('id')) as [{ id: number }];
  await db('korus_admins').insert({ participant_id: admin, region_id: null });
  const counts = await db.raw(`select (select count(*) from gatherings) as gatherings, (select count(*) from invitations) as invitations, (select count(*) from attendances) as attendances, (select count(*) from evaluations) as evaluations`);
  console.log(`data set: ${NETWORKS} networks, ${NETWORKS * PER_NETWORK} participants`, counts.rows[0], `built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  if (process.env.KEEP) {
    console.log(`kept for inspection: ${url}`);
    await new Promise((r) => setTimeout(r, 20 * 60_000));
  }
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const { app, close } = createApp({ config, db, databaseUrl: url, logger: pino({ level: 'silent' }), sessionSecret: 'bench-session-secret-that-is-long-enough-0123456789' });
  const server = app.listen(0, '127.0.0.1');
  const agent = request.agent(server);
  const token = await issueLoginToken(db, admin);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get(`/login/verify?token=${token}`)).text)?.[1];
  await agent.post('/login/verify').type('form').send({ token, _csrf: csrf });

  let queries = 0;
  db.on('query', () => (queries += 1));
  const measure = async (label: string, path: string) => {
    const times: number[] = [];
    let status = 0;
    queries = 0;
    for (let i = 0; i < REQUESTS + 3; i++) {
      t0 = performance.now();
      status = (await agent.get(path)).status;
      if (i >= 3) times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const result = { label, status, p50Ms: round(times[Math.floor(times.length / 2)]), p95Ms: round(times[Math.floor(times.length * 0.95)]), queriesPerRequest: round(queries / (REQUESTS + 3)) };
    console.log(`${label.padEnd(34)} ${status}  p50 ${result.p50Ms} ms  p95 ${result.p95Ms} ms  ${result.queriesPerRequest} queries/request`);
    return result;
  };
  const baseline = await measure('baseline (/healthz)', '/healthz');
  const overview = await measure(`overview, ${NETWORKS} networks, ${year}`, `/overview?year=${year}`);
  const regionOnly = await measure('overview, one region (25 networks)', `/overview?year=${year}&region=1`);
  const network = await measure('network figures (3 years)', `/networks/1/figures?year=${year}`);
  const csv = await measure(`overview CSV, ${NETWORKS} networks`, `/overview.csv?year=${year}`);
  console.log(`overview p50 / baseline p50: ${(overview.p50Ms / baseline.p50Ms).toFixed(1)}; target: overview p95 well under 500 ms`);
  console.log(JSON.stringify({ baseline, overview, regionOnly, network, csv }));

  server.close();
  await close();
  await db.destroy();
  await pgServer.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const round = (n: number | undefined) => Math.round((n ?? 0) * 10) / 10;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
