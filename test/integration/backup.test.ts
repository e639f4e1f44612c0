import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { backupToFolder, writeBackup } from '../../src/db/backup';
import { LEFT_OUT } from '../../src/db/backupSchema';
import { createDb, type Db } from '../../src/db/knex';
import { migrateToLatest, migrationConfig } from '../../src/db/migrate';
import { restoreBackup } from '../../src/db/restore';
import { seedDemo } from '../../src/demo/seedDemo';
import { startTestApp, type TestApp } from '../support/app';
import { adminQuery, createTestDatabase } from '../support/db';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';

// Backups that restore (src/db/backup.ts, restore.ts): every row comes back as it was, into the
// same database wiped, into another database (the move from the embedded PostgreSQL to a managed
// one), and a backup from an older migration level into the current code (restore, then migrate).

const dir = mkdtempSync(path.join(os.tmpdir(), 'samling-backup-test-'));
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;
let t: TestApp;
let leader: number;
let networkId: number;
const extraDatabases: string[] = [];

/** Every table's row count and a fingerprint of all its rows (as PostgreSQL writes them as text). */
async function contents(db: Db): Promise<Record<string, { rows: number; md5: string }>> {
  const tables: string[] = await db('pg_tables')
    .where({ schemaname: 'public' })
    .whereNotIn('tablename', LEFT_OUT)
    .orderBy('tablename')
    .pluck('tablename');
  const result: Record<string, { rows: number; md5: string }> = {};
  for (const table of tables) {
    const { rows } = await db.raw(
      `select count(*)::int as rows, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as md5 from ?? t`,
      [table],
    );
    result[table] = rows[0];
  }
  return result;
}

async function emptyDatabase(): Promise<{ db: Db; url: string }> {
  const adminUrl = process.env.SAMLING_TEST_ADMIN_URL as string;
  const name = `samling_restore_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  extraDatabases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { db: createDb(url.toString(), 3), url: url.toString() };
}

beforeAll(async () => {
  t = await startTestApp();
  await seedDemo(t.db, { today: `${YEAR - 1}-11-24` });
  // Invitations sent through the app: a sent version of the gathering, outgoing mail, tokens.
  const regionId = await makeRegion(t.db);
  networkId = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const unit = await makeUnit(t.db, { region_id: regionId });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Liv Leder' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  await makeMembership(t.db, { network_id: networkId, participant_id: await makeParticipant(t.db, { unit_id: unit }) });
  const start = DateTime.fromISO(`${YEAR}-04-01T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await t
    .db('gatherings')
    .insert({ starts_at: start.toJSDate(), ends_at: start.plus({ hours: 3 }).toJSDate(), format: 'physical' })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  await t.db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });
  const client = await t.client().signIn(leader);
  const sent = await client.post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  expect(sent.status).toBe(303);
  // An attendance keeps the service type its person had on the day, not the one the unit has now.
  const attendee = await t
    .db('attendances as a')
    .join('participants as p', 'p.id', 'a.participant_id')
    .first('p.unit_id', 'a.service_type');
  const other = attendee.service_type === 'other' ? 'welfare' : 'other';
  await t.db('units').where({ id: attendee.unit_id }).update({ service_type: other });
});
afterAll(async () => {
  await t.close();
  for (const name of extraDatabases)
    await adminQuery(process.env.SAMLING_TEST_ADMIN_URL as string, `drop database if exists ${name} with (force)`);
  rmSync(dir, { recursive: true, force: true });
});

test('a backup, the database wiped, restored: every row and every sent version is back, and the app runs on it', async () => {
  const before = await contents(t.db);
  expect(before.agenda_versions?.rows).toBeGreaterThan(0);
  expect(before.gathering_sent_versions?.rows).toBeGreaterThan(0);
  expect(before.attendances?.rows).toBeGreaterThan(0);
  const backup = await backupToFolder(t.db, { dir, keep: 14 });
  expect(backup.rows).toBe(Object.values(before).reduce((sum, table) => sum + table.rows, 0));

  await t.db.raw('drop schema public cascade; drop schema if exists graphile_worker cascade; create schema public');
  await expect(t.db('regions').count()).rejects.toThrow();
  const restored = await restoreBackup(t.db, backup.file);
  expect(restored.rows).toBe(backup.rows);
  expect(await contents(t.db)).toEqual(before);
  const sample = await t.db('gathering_sent_versions').orderBy(['gathering_id', 'version']).first();
  expect(sample).toMatchObject({ gathering_id: expect.any(Number), version: expect.any(Number) });

  // Sequences continue after the restored rows, and the app serves the restored data.
  await migrateToLatest(t.db, t.url);
  const [region] = await t.db('regions').insert({ name: 'Ny region', korus_centre: 'KORUS Nord' }).returning('id');
  expect(region!.id).toBeGreaterThan(Number((await t.db('regions').max({ m: 'id' }).first())?.m) - 1);
  const client = await t.client().signIn(leader);
  expect((await client.get(`/networks/${networkId}`)).status).toBe(200);
});

test('moving to another PostgreSQL: a backup of one database restored into another, empty one', async () => {
  const before = await contents(t.db);
  const file = path.join(dir, 'move.backup.gz');
  await writeBackup(t.db, file);
  const managed = await emptyDatabase();
  try {
    await restoreBackup(managed.db, file);
    expect(await contents(managed.db)).toEqual(before);
    expect(await migrateToLatest(managed.db, managed.url)).toEqual([]);
    // A second restore over the data is refused, and changes nothing.
    await expect(restoreBackup(managed.db, file)).rejects.toThrow(/not empty/);
    expect(await contents(managed.db)).toEqual(before);
  } finally {
    await managed.db.destroy();
  }
});

const ERASED_NAME_MIGRATION = '20261201120000_erased_name_in_both_written_forms';

test('a backup from an older migration level restores at that level, then migrates to the current one', async () => {
  const old = await createTestDatabase();
  const target = await emptyDatabase();
  try {
    // The level before erased people were named in both written forms: they were then called
    // "Slettet person". Migrated down one at a time to there, whatever migrations came after it.
    const lastName = async () =>
      ((await old.db('knex_migrations').orderBy('id', 'desc').first('name')) as { name: string }).name;
    while ((await lastName()) >= ERASED_NAME_MIGRATION) await old.db.migrate.down(migrationConfig);
    const level: string[] = await old.db('knex_migrations').orderBy('id').pluck('name');
    const unit = await makeUnit(old.db);
    await makeParticipant(old.db, { unit_id: unit, name: 'Slettet person', erased_at: new Date() });
    const kept = await makeParticipant(old.db, { unit_id: unit, name: 'Kari Nordmann' });
    const file = path.join(dir, 'old.backup.gz');
    await writeBackup(old.db, file);

    const restored = await restoreBackup(target.db, file);
    expect(restored.migrated).toBe(level.length);
    expect(await target.db('knex_migrations').orderBy('id').pluck('name')).toEqual(level);
    const applied = await migrateToLatest(target.db, target.url);
    expect(applied[0]).toMatch(new RegExp(`^${ERASED_NAME_MIGRATION}`));
    expect(await target.db('participants').orderBy('id').pluck('name')).toEqual(['Sletta person', 'Kari Nordmann']);
    expect((await target.db('participants').where({ id: kept }).first())?.unit_id).toBe(unit);
  } finally {
    await target.db.destroy();
    await old.drop();
  }
});

test('a folder of backups keeps the newest ones only', async () => {
  const folder = path.join(dir, 'kept');
  for (let i = 0; i < 4; i++) await backupToFolder(t.db, { dir: folder, keep: 2 });
  const names = readdirSync(folder).sort();
  expect(names).toHaveLength(2);
  expect(names.every((name) => /^samling-\d{8}T\d{9}Z\.backup\.gz$/.test(name))).toBe(true);
});

test('before migrations run over a database, it is backed up (the embedded default); with nothing to run, not', async () => {
  const { db, url, drop } = await createTestDatabase();
  const folder = path.join(dir, 'before-migration');
  const made: string[] = [];
  const backupBefore = { dir: folder, keep: 14, done: ({ file }: { file: string }) => made.push(file) };
  try {
    expect(await migrateToLatest(db, url, { backupBefore })).toEqual([]);
    expect(made).toEqual([]);
    await db.migrate.down(migrationConfig);
    expect(await migrateToLatest(db, url, { backupBefore })).toHaveLength(1);
    expect(made).toHaveLength(1);
    expect(readdirSync(folder)).toEqual([expect.stringMatching(/^samling-\d{8}T\d{9}Z-before-migration\.backup\.gz$/)]);
  } finally {
    await drop();
  }
});

test('a database the app has migrated but that holds no data yet counts as empty', async () => {
  const before = await contents(t.db);
  const file = path.join(dir, 'into-migrated.backup.gz');
  await writeBackup(t.db, file);
  const fresh = await createTestDatabase();
  try {
    expect(Number((await fresh.db('topics').count({ n: '*' }).first())?.n)).toBeGreaterThan(0);
    expect((await restoreBackup(fresh.db, file)).migrated).toBe(0);
    expect(await contents(fresh.db)).toEqual(before);
  } finally {
    await fresh.drop();
  }
});
