import { DEMO_KORUS_ADMIN_EMAIL, DEMO_LEADER_EMAIL, DEMO_PARTICIPANT_EMAIL } from '../../src/demo/demoData';
import { seedDemo } from '../../src/demo/seedDemo';
import type { Db } from '../../src/db/knex';
import { createTestDatabase } from '../support/db';
import { makeRegion, makeSector } from '../support/factories';

let db: Db;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(() => drop());

const TODAY = '2026-11-24';
const count = async (query: ReturnType<Db>) => Number((await query.count({ n: '*' }).first())?.n);

test('the demo set is a realistic Bergen area', async () => {
  const summary = await seedDemo(db, { today: TODAY });
  expect(summary.regions).toBe(2);
  expect(summary.sectors).toBeGreaterThanOrEqual(6);
  expect(summary.networks).toBeGreaterThanOrEqual(7);
  expect(summary.networks).toBeLessThanOrEqual(9);
  expect(summary.units).toBeGreaterThanOrEqual(35);
  expect(summary.units).toBeLessThanOrEqual(45);
  expect(summary.participants).toBeGreaterThanOrEqual(180);
  expect(summary.participants).toBeLessThanOrEqual(220);

  expect(await db('regions').where({ is_demo: true }).pluck('name')).toEqual(expect.arrayContaining(['Vestland sør', 'Vestland nord']));
  expect(await count(db('networks').where({ kind: 'learning' }))).toBe(1);
  expect(new Set(await db('units').pluck('service_type'))).toEqual(new Set(['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other']));
  const professions = new Set(await db('participants').pluck('profession'));
  for (const profession of ['nurse', 'psychologist', 'physician', 'socialWorker', 'welfareNurse', 'experienceConsultant', 'navAdviser']) expect(professions).toContain(profession);
  expect(await count(db('participants').where({ is_user_representative: true }))).toBeGreaterThan(0);
  expect(await count(db('participants').where({ is_relatives_representative: true }))).toBeGreaterThan(0);
  for (const email of [DEMO_KORUS_ADMIN_EMAIL, DEMO_LEADER_EMAIL, DEMO_PARTICIPANT_EMAIL]) expect(await db('participants').where({ email }).first()).toBeDefined();
  expect(await db('participants').whereNot('email', 'like', '%.example').first()).toBeUndefined();
});

test('every network has one current leader, a working group and at least two physical gatherings this year', async () => {
  const networks = await db('networks').select('id', 'name');
  for (const network of networks) {
    expect({ network: network.name, leaders: await count(db('memberships').where({ network_id: network.id, role: 'leader' }).whereNull('ends_on')) }).toEqual({ network: network.name, leaders: 1 });
    expect(await count(db('memberships').where({ network_id: network.id, role: 'workingGroup' }).whereNull('ends_on'))).toBeGreaterThanOrEqual(2);
    const physical = await count(
      db('gathering_networks as gn')
        .join('gatherings as g', 'g.id', 'gn.gathering_id')
        .where('gn.network_id', network.id)
        .whereNot('g.format', 'digital')
        .where('g.status', 'planned')
        .whereRaw("extract(year from g.starts_at at time zone 'Europe/Oslo') = 2026"),
    );
    expect({ network: network.name, physical: physical >= 2 }).toEqual({ network: network.name, physical: true });
  }
  // One joint fagdag a year per region, shared by that region's local networks.
  const fagdager = await db('gatherings as g').join('gathering_networks as gn', 'gn.gathering_id', 'g.id').where('g.kind', 'fagdag').groupBy('g.id').select('g.id').count({ n: '*' });
  expect(fagdager).toHaveLength(4);
  expect(fagdager.every((row) => Number(row.n) >= 2)).toBe(true);
});

test('the demo gatherings fall on Thursdays at noon Oslo time (an hour off in winter, two in summer)', async () => {
  const rows = await db('gatherings').where({ kind: 'regular' }).select(db.raw("to_char(starts_at at time zone 'Europe/Oslo', 'ID HH24:MI') as local"));
  expect(new Set(rows.map((r) => r.local))).toEqual(new Set(['4 12:00']));
});

test('rebuilding gives the same set, and leaves other data alone', async () => {
  const regionId = await makeRegion(db, { name: 'Egen region' });
  await makeSector(db, { region_id: regionId, name: 'Eget DPS' });
  const before = { participants: await count(db('participants')), gatherings: await count(db('gatherings')), memberships: await count(db('memberships')) };
  const names = await db('participants').orderBy('email').pluck('email');
  await seedDemo(db, { today: TODAY });
  expect({ participants: await count(db('participants')), gatherings: await count(db('gatherings')), memberships: await count(db('memberships')) }).toEqual(before);
  expect(await db('participants').orderBy('email').pluck('email')).toEqual(names);
  expect(await db('sectors').where({ name: 'Eget DPS' }).first()).toBeDefined();
});
