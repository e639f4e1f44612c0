import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { createTestDatabase } from '../support/db';

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
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
});
