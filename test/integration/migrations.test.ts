import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../../src/db/knex';
import { migrateToLatest, migrationConfig } from '../../src/db/migrate';
import { createTestDatabase } from '../support/db';
import { waitFor } from '../support/processes';

test('the template database is migrated', async () => {
  const { db, drop } = await createTestDatabase();
  try {
    const tables = await db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name');
    expect(tables).toEqual(
      expect.arrayContaining([
        'regions',
        'sectors',
        'units',
        'participants',
        'networks',
        'memberships',
        'gatherings',
        'audit_log',
      ]),
    );
  } finally {
    await drop();
  }
});

test('two instances starting at once on an empty database apply the migrations once', async () => {
  const adminUrl = process.env.SAMLING_TEST_ADMIN_URL as string;
  const name = `samling_empty_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const first = createDb(url.toString(), 3);
  const second = createDb(url.toString(), 3);
  try {
    const [a, b] = await Promise.all([migrateToLatest(first, url.toString()), migrateToLatest(second, url.toString())]);
    // One instance applied everything; the other, waiting on the lock, found nothing left to do.
    expect([a.length, b.length].sort((x, y) => x - y)[0]).toBe(0);
    expect(a.length + b.length).toBeGreaterThan(5);
    const applied = await first('knex_migrations').count({ n: '*' }).first();
    expect(applied?.n).toBe(a.length + b.length);
  } finally {
    await first.destroy();
    await second.destroy();
    // The job queue's own migration closes its pool as it ends; on a busy machine its sockets may
    // still be closing. Dropping the database under them would end them with an error nobody handles.
    await waitFor('the instances to disconnect', async () => {
      const { rows } = await admin.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
      return rows[0].n === 0;
    });
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
});

test('gatherings that exist keep the calendar UID their invitations carry; new ones get a stored UUID', async () => {
  const { db, drop } = await createTestDatabase();
  const migration = { ...migrationConfig, name: '20261130150000_store_calendar_uid.ts' };
  const baseUrl = process.env.BASE_URL;
  try {
    await db.migrate.down(migration);
    const start = new Date('2027-03-25T11:00:00Z');
    const [old] = await db('gatherings')
      .insert({ starts_at: start, ends_at: new Date(start.getTime() + 3 * 3600_000), format: 'digital' })
      .returning('uid');
    process.env.BASE_URL = 'https://samling.helse-bergen.example';
    await db.migrate.up(migration);
    const kept = await db('gatherings').pluck('uid');
    expect(kept).toEqual([`${old!.uid}@samling.helse-bergen.example`]);
    const [fresh] = await db('gatherings')
      .insert({ starts_at: start, ends_at: new Date(start.getTime() + 3 * 3600_000), format: 'digital' })
      .returning('uid');
    expect(fresh!.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  } finally {
    if (baseUrl === undefined) delete process.env.BASE_URL;
    else process.env.BASE_URL = baseUrl;
    await drop();
  }
});
