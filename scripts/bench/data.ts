import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { createDb, type Db } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { currentYearInOslo } from '../../src/kernel/dates';

// Shared by the benchmarks: an embedded PostgreSQL of their own, a generated data set built with
// generate_series (seconds, not minutes), and a signed-in KORUS admin's session cookie.

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

export interface BenchDatabase {
  db: Db;
  url: string;
  stop: () => Promise<void>;
}

/** A fresh, migrated database on an embedded server in a temporary directory; `names` are extra databases on the same server. */
export async function startBenchDatabase(
  name = 'bench',
): Promise<BenchDatabase & { another: (name: string) => Promise<BenchDatabase> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-bench-'));
  const pgServer = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  pgServer.stopWithProcess();
  const open = async (dbName: string): Promise<BenchDatabase> => {
    await pgServer.createDatabase(dbName);
    const url = pgServer.url(dbName);
    const db = createDb(url, 10);
    await migrateToLatest(db, url);
    return { db, url, stop: () => db.destroy() };
  };
  const first = await open(name);
  return {
    ...first,
    another: open,
    stop: async () => {
      await first.db.destroy();
      await pgServer.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface DataSetSize {
  networks: number;
  /** Fixed participants per network. */
  perNetwork: number;
  years: number;
}

export const LARGE: DataSetSize = { networks: 500, perNetwork: 40, years: 10 };
export const SMALL: DataSetSize = { networks: 5, perNetwork: 40, years: 2 };
/** Four times LARGE: how the KORUS overview's cost grows with the number of networks. */
export const XL: DataSetSize = { networks: 2000, perNetwork: 40, years: 10 };

/**
 * Regions of 25 networks (20 regions for 500), 40 units per region, `perNetwork` participants per
 * network, four gatherings a year per network over `years` years ending this year, each with a
 * published agenda of five items, invitations for every member, and for the past ones attendance
 * and five evaluations. Every network has its region's 40 units as member units. Ids are generated
 * in order on a fresh database, so each row's parent follows from its own id.
 */
export async function generateDataSet(
  db: Db,
  size: DataSetSize,
): Promise<{ admin: number; counts: Record<string, string> }> {
  const { networks, perNetwork, years } = size;
  const regions = Math.ceil(networks / 25);
  const year = currentYearInOslo();
  const firstYear = year - years + 1;
  await db.raw(
    `insert into regions (name, korus_centre) select 'Region ' || r, 'KORUS' from generate_series(1, ?::int) r`,
    [regions],
  );
  await db.raw(
    `insert into sectors (region_id, name, health_trust) select (s - 1) / 5 + 1, 'DPS ' || s, 'HF' from generate_series(1, ?::int) s`,
    [regions * 5],
  );
  await db.raw(
    `insert into networks (sector_id, name) select (n - 1) / 5 + 1, 'Nettverk ' || n from generate_series(1, ?::int) n`,
    [networks],
  );
  await db.raw(
    `insert into units (region_id, organisation, name, service_type)
                select (u - 1) / 40 + 1, 'Org', 'Enhet ' || u, (array['municipal','mentalHealth','addiction','welfare'])[1 + u % 4] from generate_series(1, ?::int) u`,
    [regions * 40],
  );
  await db.raw(
    `insert into network_units (network_id, unit_id, joined_on)
                select n, ((n - 1) / 25) * 40 + k, make_date(?::int, 1, 1) from generate_series(1, ?::int) n, generate_series(1, 40) k`,
    [firstYear, networks],
  );
  await db.raw(
    `insert into participants (unit_id, name, email, profession)
                select ((p - 1) / ? / 25) * 40 + (p - 1) % 40 + 1, 'Person ' || p, 'p' || p || '@bench.example', 'nurse' from generate_series(1, ?::int) p`,
    [perNetwork, networks * perNetwork],
  );
  await db.raw(
    `insert into memberships (network_id, participant_id, role)
                select (p - 1) / ? + 1, p, case when (p - 1) % ? = 0 then 'leader' else 'participant' end from generate_series(1, ?::int) p`,
    [perNetwork, perNetwork, networks * perNetwork],
  );
  await db.raw(
    `insert into year_plans (network_id, year) select n, y from generate_series(1, ?::int) n, generate_series(?::int, ?::int) y`,
    [networks, firstYear, year],
  );
  // Four gatherings a year per network; the second each year digital; the past ones held and recorded.
  await db.raw(
    `insert into gatherings (starts_at, ends_at, format, status, topic, venue, host_unit_id, attendance_recorded_at)
                select make_timestamptz(?::int + y, 3 * q + 2, 10, 12, 0, 0, 'Europe/Oslo'), make_timestamptz(?::int + y, 3 * q + 2, 10, 15, 0, 0, 'Europe/Oslo'),
                       case when q = 1 then 'digital' else 'physical' end, 'planned', 'Tema ' || q, 'Møterom', case when q = 1 then null else ((n - 1) / 25) * 40 + 1 + q end,
                       case when make_timestamptz(?::int + y, 3 * q + 2, 10, 15, 0, 0, 'Europe/Oslo') < now() then now() end
                  from generate_series(1, ?::int) n, generate_series(0, ?::int - 1) y, generate_series(0, 3) q order by n, y, q`,
    [firstYear, firstYear, firstYear, networks, years],
  );
  await db.raw(
    `insert into gathering_networks (gathering_id, network_id) select g, (g - 1) / ? + 1 from generate_series(1, ?::int) g`,
    [years * 4, networks * years * 4],
  );
  await db.raw(`insert into agenda_items (gathering_id, position, kind, title, duration_minutes, responsible_unit_id)
                select g.id, k, (array['welcome','topicTalk','casePresentation','exchange','evaluation'])[k], 'Punkt ' || k, 30, ((gn.network_id - 1) / 25) * 40 + k
                  from gatherings g join gathering_networks gn on gn.gathering_id = g.id, generate_series(1, 5) k`);
  const items = [1, 2, 3, 4, 5].map((k) => ({
    kind: 'topicTalk',
    title: `Punkt ${k}`,
    description: '',
    durationMinutes: 30,
    startTime: `${11 + Math.ceil(k / 2)}:${k % 2 ? '00' : '30'}`,
    endTime: `${12 + Math.floor(k / 2)}:${k % 2 ? '30' : '00'}`,
    responsible: '',
  }));
  await db.raw(
    `insert into agenda_versions (gathering_id, version, snapshot, published_at)
                select g.id, 1, ?::jsonb, g.starts_at - interval '20 days' from gatherings g`,
    [JSON.stringify({ topic: 'Tema', startTime: '12:00', endTime: '15:00', items })],
  );
  await db.raw(`insert into invitations (gathering_id, participant_id, sent_version, answer)
                select gn.gathering_id, m.participant_id, 1, case when m.participant_id % 5 = 0 then 'no' else 'yes' end
                  from gathering_networks gn join memberships m on m.network_id = gn.network_id`);
  await db.raw(`insert into attendances (gathering_id, participant_id)
                select i.gathering_id, i.participant_id from invitations i join gatherings g on g.id = i.gathering_id
                 where g.attendance_recorded_at is not null and i.answer = 'yes' and (i.participant_id + i.gathering_id) % 7 <> 0`);
  await db.raw(`insert into evaluations (gathering_id, usefulness, topic_relevant, enough_exchange)
                select g.id, 1 + (g.id + e) % 5, true, e % 2 = 0 from gatherings g, generate_series(1, 5) e where g.attendance_recorded_at is not null`);
  await db.raw('analyze');
  const [{ id: admin }] = (await db('participants')
    .insert({ unit_id: 1, name: 'KORUS', email: 'korus@bench.example', profession: 'manager' })
    .returning('id')) as [{ id: number }];
  await db('korus_admins').insert({ participant_id: admin, region_id: null });
  const counts =
    await db.raw(`select (select count(*) from participants) as participants, (select count(*) from gatherings) as gatherings, (select count(*) from agenda_items) as "agendaItems",
                                      (select count(*) from invitations) as invitations, (select count(*) from attendances) as attendances, (select count(*) from evaluations) as evaluations`);
  return { admin, counts: counts.rows[0] as Record<string, string> };
}

/** Signs a person in through the real sign-in link flow and gives the session cookie header. */
function cookieJar() {
  const jar = new Map<string, string>();
  return {
    keep(res: Response) {
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
    },
    cookie: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
  };
}

/** The cookies of a visitor who has opened the sign-in page (the CSRF and visitor cookies; no session). */
export async function anonymousCookie(base: string): Promise<string> {
  const jar = cookieJar();
  jar.keep(await fetch(`${base}/login`));
  return jar.cookie();
}

export async function sessionCookie(db: Db, base: string, participantId: number): Promise<string> {
  const { keep, cookie } = cookieJar();
  const token = await issueLoginToken(db, participantId);
  const confirm = await fetch(`${base}/login/verify?token=${token}`);
  keep(confirm);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await confirm.text())?.[1] ?? '';
  const done = await fetch(`${base}/login/verify`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token, _csrf: csrf }).toString(),
  });
  keep(done);
  if (done.status !== 303) throw new Error(`sign-in failed with ${done.status}`);
  // Follow the redirect as a browser does: its page sets the CSRF cookie that goes with the
  // session, which every later page reuses (without it, each request would make a new one).
  const landing = await fetch(new URL(done.headers.get('location') ?? '/', base), { headers: { cookie: cookie() } });
  keep(landing);
  await landing.arrayBuffer();
  return cookie();
}
