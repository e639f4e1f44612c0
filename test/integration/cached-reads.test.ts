import pino from 'pino';
import { CachedReads } from '../../src/db/cachedReads';
import { startTestApp, type TestApp } from '../support/app';
import { adminQuery } from '../support/db';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeSector,
  makeUnit,
} from '../support/factories';

// Reads kept in memory (src/db/cachedReads.ts) must never show data older than a write: the app's
// own writes at once, another instance's (here: another connection) as soon as PostgreSQL delivers
// its notification, and while the notifications cannot arrive, nothing is kept.

let t: TestApp;
let leader: number;
let network: number;
let sector: number;
let admin: number;

/** A write on a connection of its own, as another app instance or a psql session would make it. */
const elsewhere = (sql: string, params: unknown[] = []) => adminQuery(t.url, sql, params);

async function eventually(check: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

const listenerPids = async () =>
  (
    await t.db.raw(
      `select pid from pg_stat_activity where datname = current_database() and query ilike 'LISTEN samling_changes%'`,
    )
  ).rows.map((r: { pid: number }) => r.pid) as number[];

beforeAll(async () => {
  t = await startTestApp();
  sector = await makeSector(t.db);
  admin = await makeKorusAdmin(t.db, null);
  network = await makeNetwork(t.db, { sector_id: sector, name: 'Nettverk Nord' });
  leader = await makeParticipant(t.db, { unit_id: await makeUnit(t.db), name: 'Kari Leder' });
  await makeMembership(t.db, { network_id: network, participant_id: leader, role: 'leader' });
  expect(await eventually(async () => (await listenerPids()).length === 1)).toBe(true);
});
afterAll(() => t.close());

test('every table is either watched (notifies on change) or one that is never cached', async () => {
  const neverCached = [
    'audit_log',
    'calendar_replies',
    'dev_mailbox',
    'evaluation_answered',
    'import_drafts',
    'knex_migrations',
    'knex_migrations_lock',
    'login_tokens',
    'materials',
    'outgoing_emails',
    'rate_limits',
    'reminders_sent',
    'rsvp_tokens',
    'service_profile_checks',
    'sessions',
    'unit_summaries_sent',
  ];
  const tables = (await t.db('pg_tables').where('schemaname', 'public').pluck('tablename')) as string[];
  const watched = (
    await t.db.raw(
      `select c.relname from pg_trigger tg join pg_class c on c.oid = tg.tgrelid where tg.tgname like '%\\_notify'`,
    )
  ).rows.map((r: { relname: string }) => r.relname) as string[];
  expect(tables.filter((table) => !watched.includes(table) && !neverCached.includes(table))).toEqual([]);
  expect(watched.filter((table) => neverCached.includes(table))).toEqual([]);
});

test('the signed-in person is read from the database once, not on every page', async () => {
  const client = await t.client().signIn(leader);
  const actorQueries: string[] = [];
  const count = (q: { sql: string }) => q.sql.includes('korus_admins') && actorQueries.push(q.sql);
  t.db.on('query', count);
  await client.get('/me');
  await client.get('/me');
  await client.get(`/networks/${network}`);
  t.db.off('query', count);
  expect(actorQueries).toHaveLength(1);
});

test("the app's own write shows on the very next page (read your writes)", async () => {
  const client = await t.client().signIn(admin);
  expect((await client.get(`/networks/${network}`)).text).toContain('Nettverk Nord');
  const version = /name="version" value="(\d+)"/.exec((await client.get(`/networks/${network}/edit`)).text)![1]!;
  const res = await client.post(
    `/networks/${network}`,
    {
      name: 'Nettverk Nord-Troms',
      sectorId: String(sector),
      kind: 'local',
      status: 'active',
      description: '',
      version,
    },
    `/networks/${network}/edit`,
  );
  expect(res.status).toBe(303);
  expect((await client.get(`/networks/${network}`)).text).toContain('Nettverk Nord-Troms');
});

test("another instance's write shows once PostgreSQL has notified", async () => {
  const client = await t.client().signIn(leader);
  expect((await client.get('/me')).text).toContain('Kari Leder');
  await elsewhere('update participants set name = $1 where id = $2', ['Kari Nyleder', leader]);
  expect(await eventually(async () => (await client.get('/me')).text.includes('Kari Nyleder'))).toBe(true);
});

test('while the listening connection is down nothing is cached, and it reconnects by itself', async () => {
  const client = await t.client().signIn(leader);
  await client.get('/me');
  const [pid] = await listenerPids();
  await t.db.raw('select pg_terminate_backend(?)', [pid!]);
  await eventually(async () => !(await listenerPids()).includes(pid!), 2000);
  // No notification can arrive now; a write elsewhere must still show at once.
  await elsewhere('update participants set name = $1 where id = $2', ['Kari Utenvarsel', leader]);
  expect((await client.get('/me')).text).toContain('Kari Utenvarsel');
  expect(await eventually(async () => (await listenerPids()).length === 1)).toBe(true);
  await elsewhere('update participants set name = $1 where id = $2', ['Kari Igjen', leader]);
  expect(await eventually(async () => (await client.get('/me')).text.includes('Kari Igjen'))).toBe(true);
});

test("the overview's rows, rendered once and kept, are kept per language", async () => {
  const nynorskReader = await t.client().signIn(admin);
  await nynorskReader.post('/language', { lang: 'nn', returnTo: '/overview' }, '/overview');
  const bokmalReader = await t.client().signIn(admin);
  // The network has no year plan: its status is red ("Rød", in nynorsk "Raud").
  expect((await bokmalReader.get('/overview')).text).toMatch(/<tr data-network="\d+">[\s\S]*Rød/);
  const nynorsk = (await nynorskReader.get('/overview')).text;
  expect(nynorsk).toMatch(/<tr data-network="\d+">[\s\S]*Raud/);
  expect(nynorsk).not.toContain('Rød');
});

describe('CachedReads', () => {
  let reads: CachedReads;
  beforeAll(async () => {
    reads = new CachedReads(t.url, pino({ level: 'silent' }));
    reads.start();
    // Nothing is kept until the listening connection is up (slow on a busy machine): wait until a
    // value asked for twice is computed once.
    let probe = 0;
    const listening = await eventually(async () => {
      let computed = 0;
      probe += 1;
      const key = `probe-${probe}`;
      await reads.get(key, async () => (computed += 1));
      await reads.get(key, async () => (computed += 1));
      return computed === 1;
    }, 15_000);
    expect(listening).toBe(true);
  });
  afterAll(() => reads.stop());

  test('many asking at once compute once, and the value is kept', async () => {
    let computed = 0;
    const slow = () =>
      new Promise<{ n: number }>((r) =>
        setTimeout(() => {
          computed += 1;
          r({ n: computed });
        }, 20),
      );
    const values = await Promise.all(Array.from({ length: 10 }, () => reads.get('a', slow)));
    expect(new Set(values.map((v) => v.n))).toEqual(new Set([1]));
    expect((await reads.get('a', slow)).n).toBe(1);
    expect(computed).toBe(1);
  });

  test('a value computed while the data changed is given to its askers but not kept', async () => {
    let computed = 0;
    const value = await reads.get('b', async () => {
      reads.changed();
      computed += 1;
      return computed;
    });
    expect(value).toBe(1);
    expect(await reads.get('b', async () => (computed += 1))).toBe(2);
    expect(await reads.get('b', async () => (computed += 1))).toBe(2);
  });

  test('a kept value cannot be changed by a reader', async () => {
    const value = await reads.get('c', async () => ({ list: [1, 2] }));
    expect(() => value.list.push(3)).toThrow(TypeError);
  });

  test('"not there" (undefined) is not kept, so made-up keys cannot fill the cache', async () => {
    let computed = 0;
    const missing = async () => {
      computed += 1;
      return undefined;
    };
    await reads.get('e', missing);
    await reads.get('e', missing);
    expect(computed).toBe(2);
  });

  test('a failed computation is not kept', async () => {
    await expect(reads.get('d', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await reads.get('d', async () => 'ok')).toBe('ok');
  });
});
