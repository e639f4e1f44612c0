import { migrateToLatest } from '../../src/db/migrate';
import type { Db } from '../../src/db/knex';
import { emptyDatabase, migrationsFolder, publicTables, realMigrations } from '../support/migrations';

// The oldest migration set: the first release's tables (regions … gatherings, sessions).
const OLDEST = realMigrations.filter((file) => file < '20261124110000');
const HOST = 'samling.helse-vest.example';

test('a database made by the oldest migrations, with data in it, migrates to the newest and loses nothing', async () => {
  const { db, url, drop } = await emptyDatabase();
  const oldest = migrationsFolder(OLDEST);
  const baseUrl = process.env.BASE_URL;
  try {
    await migrateToLatest(db, url, { directory: oldest.directory });
    expect(OLDEST.length).toBe(9);
    await fillAsTheFirstReleaseDid(db);
    const tables = (await publicTables(db)).filter((table) => !table.startsWith('knex_'));
    const before = new Map<string, unknown[]>();
    for (const table of tables) before.set(table, await rowsOf(db, table));

    // A migration rewrites gatherings' calendar UIDs with the host the deployment runs at.
    process.env.BASE_URL = `https://${HOST}`;
    const applied = await migrateToLatest(db, url);
    expect(applied).toEqual(realMigrations.slice(OLDEST.length));

    for (const table of tables) {
      const old = before.get(table) as Record<string, unknown>[];
      const columns = Object.keys(old[0] ?? {});
      const now = (await rowsOf(db, table, columns)) as Record<string, unknown>[];
      // Counts per table, then every row (a few hundred: the sample is all of them), column by column.
      expect({ table, count: now.length }).toEqual({ table, count: old.length });
      const expected = table === 'gatherings' ? old.map((row) => ({ ...row, uid: `${row.uid}@${HOST}` })) : old;
      expect({ table, rows: now }).toEqual({ table, rows: expected });
    }
    // Columns added since get their defaults on old rows, so the app reads them as it reads new ones.
    const participant = await db('participants').orderBy('id').first();
    expect(participant).toMatchObject({ erased_at: null });
  } finally {
    if (baseUrl === undefined) delete process.env.BASE_URL;
    else process.env.BASE_URL = baseUrl;
    oldest.remove();
    await drop();
  }
});

/** Every row of a table (only the given columns, when given), in a fixed order. */
async function rowsOf(db: Db, table: string, columns?: string[]): Promise<unknown[]> {
  const order =
    table === 'gathering_networks' ? ['gathering_id', 'network_id'] : table === 'sessions' ? ['sid'] : ['id'];
  return db(table)
    .select(columns ?? '*')
    .orderBy(order);
}

const SERVICE_TYPES = ['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other'];
const PROFESSIONS = ['nurse', 'psychologist', 'physician', 'socialWorker', 'navAdviser', 'experienceConsultant'];

/** Two regions, their sectors, units, people, networks with members, and a year of gatherings. */
async function fillAsTheFirstReleaseDid(db: Db): Promise<void> {
  const regions = await db('regions')
    .insert([
      { name: 'KORUS Vest Bergen', korus_centre: 'KORUS Vest Bergen' },
      { name: 'KORUS Nord', korus_centre: 'KORUS Nord', archived_at: new Date('2026-10-01T08:00:00Z') },
    ])
    .returning('id');
  const sectors = await db('sectors')
    .insert(
      regions.flatMap(({ id }, r) =>
        ['Bjørgvin DPS', 'Kronstad DPS', 'Øyane DPS'].map((name) => ({
          region_id: id,
          name: `${name} ${r + 1}`,
          health_trust: r === 0 ? 'Helse Bergen' : 'UNN',
          municipalities: ['Bergen', 'Askøy', 'Øygarden'].slice(0, 1 + (r % 3)),
        })),
      ),
    )
    .returning(['id', 'region_id']);
  const units = await db('units')
    .insert(
      Array.from({ length: 24 }, (_, i) => ({
        region_id: regions[i % 2]!.id,
        organisation: `${['Bergen kommune', 'Helse Bergen', 'NAV Vestland'][i % 3]}`,
        name: `Eining ${i + 1}`,
        service_type: SERVICE_TYPES[i % SERVICE_TYPES.length],
        address: `Storgata ${i + 1}, 5003 Bergen`,
        can_host: i % 4 !== 0,
        manager_name: `Leiar ${i + 1}`,
        manager_email: `leiar${i + 1}@bergen.kommune.example`,
      })),
    )
    .returning(['id', 'region_id']);
  const participants = await db('participants')
    .insert(
      Array.from({ length: 120 }, (_, i) => ({
        unit_id: units[i % units.length]!.id,
        name: `Deltakar Nummer ${i + 1}`,
        email: `deltakar${i + 1}@example.no`,
        phone: i % 3 === 0 ? '' : `+47 55 ${String(10_000 + i).slice(1)}`,
        profession: PROFESSIONS[i % PROFESSIONS.length],
        is_user_representative: i % 17 === 0,
        is_relatives_representative: i % 19 === 0,
        language: i % 5 === 0 ? 'nn' : 'nb',
        archived_at: i % 23 === 0 ? new Date('2026-11-02T09:30:00Z') : null,
      })),
    )
    .returning(['id', 'unit_id']);
  const networks = await db('networks')
    .insert(
      sectors.map((sector, i) => ({
        sector_id: sector.id,
        name: i === 5 ? 'Læringsnettverk ROP' : `ROP-nettverk ${i + 1}`,
        kind: i === 5 ? 'learning' : 'local',
        starts_on: i === 5 ? '2026-01-01' : null,
        ends_on: i === 5 ? '2027-12-31' : null,
        status: i === 4 ? 'ended' : 'active',
        description: 'Samarbeid mellom kommune, psykisk helsevern, TSB og NAV.',
      })),
    )
    .returning(['id', 'sector_id']);
  for (const [n, network] of networks.entries()) {
    const region = sectors.find((sector) => sector.id === network.sector_id)!.region_id;
    const members = units.filter((unit) => unit.region_id === region).slice(0, 6);
    await db('network_units').insert(
      members.map((unit, i) => ({
        network_id: network.id,
        unit_id: unit.id,
        joined_on: '2026-02-01',
        left_on: i === 5 ? '2026-09-30' : null,
      })),
    );
    const people = participants.filter((p) => members.some((unit) => unit.id === p.unit_id)).slice(n, n + 12);
    await db('memberships').insert(
      people.map((person, i) => ({
        network_id: network.id,
        participant_id: person.id,
        role: i === 0 ? 'leader' : i < 3 ? 'workingGroup' : 'participant',
        starts_on: '2026-02-01',
        ends_on: i === 11 ? '2026-10-31' : null,
      })),
    );
    for (let quarter = 0; quarter < 4; quarter++) {
      const startsAt = new Date(Date.UTC(2026, 1 + quarter * 3, 10 + n, 8, 30));
      const [gathering] = await db('gatherings')
        .insert({
          starts_at: startsAt,
          ends_at: new Date(startsAt.getTime() + 3.5 * 3600_000),
          kind: quarter === 3 && n < 2 ? 'fagdag' : 'regular',
          format: ['physical', 'digital', 'hybrid'][quarter % 3],
          status: quarter === 2 && n === 1 ? 'cancelled' : 'planned',
          topic: `Samhandling rundt pasientforløp, del ${quarter + 1}`,
          host_unit_id: quarter % 3 === 1 ? null : members[quarter]!.id,
          venue: quarter % 3 === 1 ? '' : `Møterom ${quarter + 1}`,
          meeting_url: quarter % 3 === 0 ? '' : 'https://meet.example/rop',
        })
        .returning('id');
      await db('gathering_networks').insert({ gathering_id: gathering!.id, network_id: network.id });
    }
  }
  await db('sessions').insert({
    sid: 'a-signed-in-person',
    sess: JSON.stringify({ cookie: {}, personId: participants[0]!.id }),
    expire: new Date('2026-12-01T12:00:00Z'),
  });
}
