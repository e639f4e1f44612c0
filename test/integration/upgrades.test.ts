import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { JOB_QUEUE_SCHEMA, MigrationFailed, migrateToLatest, pendingMigrations } from '../../src/db/migrate';
import { emptyDatabase, migrationsFolder, publicTables, realMigrations } from '../support/migrations';

const BROKEN = '29991231235959_broken_on_purpose.ts';
// Does half its work, then fails: nothing of it may remain.
const BROKEN_SOURCE = `
export async function up(knex) {
  await knex.schema.createTable('half_done', (t) => { t.increments('id'); });
  await knex('half_done').insert({});
  await knex.raw('select * from no_such_table');
}
export async function down(knex) {
  await knex.schema.dropTable('half_done');
}
`;

test('a failing migration leaves no trace, the ones before it stay applied, and start-up refuses naming it', async () => {
  const { db, url, drop } = await emptyDatabase();
  const folder = migrationsFolder(realMigrations, { [BROKEN]: BROKEN_SOURCE });
  try {
    const failure = await migrateToLatest(db, url, { directory: folder.directory }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MigrationFailed);
    const failed = failure as MigrationFailed;
    expect(failed.migration).toBe(BROKEN);
    expect(failed.applied).toEqual(realMigrations);
    // The message start-up prints names the file and the database's own error.
    expect(failed.message).toContain(`Migration ${BROKEN} failed`);
    expect(failed.message).toContain('relation "no_such_table" does not exist');
    expect(failed.message).toContain('rolled back');

    expect(await publicTables(db)).not.toContain('half_done');
    expect(await db('knex_migrations').orderBy('id').pluck('name')).toEqual(realMigrations);
    const lock = await db('knex_migrations_lock').first();
    expect(lock?.is_locked).toBe(0);

    // Starting again fails the same way, on the same migration, and changes nothing.
    await expect(migrateToLatest(db, url, { directory: folder.directory })).rejects.toMatchObject({
      migration: BROKEN,
      applied: [],
    });
    expect(await db('knex_migrations').count({ n: '*' }).first()).toEqual({ n: realMigrations.length });
  } finally {
    folder.remove();
    await drop();
  }
});

test('a failure in the middle stops there: earlier migrations stay, later ones do not run', async () => {
  const { db, url, drop } = await emptyDatabase();
  const first = realMigrations.slice(0, 3);
  const broken = `${first[2]!.slice(0, 14).replace(/.$/, '1')}_broken_on_purpose.ts`;
  const folder = migrationsFolder(realMigrations.slice(0, 5), { [broken]: BROKEN_SOURCE });
  try {
    await expect(migrateToLatest(db, url, { directory: folder.directory })).rejects.toMatchObject({
      migration: broken,
      applied: first,
    });
    expect(await db('knex_migrations').orderBy('id').pluck('name')).toEqual(first);
    expect(await publicTables(db)).toEqual(['knex_migrations', 'knex_migrations_lock', 'regions', 'sectors', 'units']);
  } finally {
    folder.remove();
    await drop();
  }
});

test('dry run lists exactly the pending migrations and changes nothing', async () => {
  const { db, url, drop } = await emptyDatabase();
  try {
    // A database nothing has touched: every migration, and the job queue's schema, would run.
    expect(await pendingMigrations(db)).toEqual([...realMigrations, JOB_QUEUE_SCHEMA]);
    expect(await publicTables(db)).toEqual([]);

    const older = migrationsFolder(realMigrations.slice(0, 20));
    await migrateToLatest(db, url, { directory: older.directory });
    older.remove();
    const before = await publicTables(db);
    const recorded = await db('knex_migrations').orderBy('id').select('*');

    expect(await pendingMigrations(db)).toEqual(realMigrations.slice(20));
    // The command itself, as a person runs it (`npm run migrate -- --dry-run`).
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', path.resolve(__dirname, '../../scripts/migrate.ts'), '--dry-run'],
      { env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: url }, cwd: path.resolve(__dirname, '../..') },
    );
    expect(stdout).toContain(`${realMigrations.length - 20} migration(s) would run`);
    const listed = stdout
      .split('\n')
      .filter((line) => line.startsWith('  '))
      .map((line) => line.trim());
    expect(listed).toEqual(realMigrations.slice(20));

    expect(await publicTables(db)).toEqual(before);
    expect(await db('knex_migrations').orderBy('id').select('*')).toEqual(recorded);

    await migrateToLatest(db, url);
    expect(await pendingMigrations(db)).toEqual([]);
  } finally {
    await drop();
  }
});
