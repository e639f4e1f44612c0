import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/knex';

const TEMPLATE_DATABASE = 'samling_test_template';

/** A fresh, migrated database of its own for one test file; dropped again by `drop()`. */
export async function createTestDatabase(): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.SAMLING_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('SAMLING_TEST_ADMIN_URL is not set: run the tests with `npm test`');
  const name = `samling_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name} template ${TEMPLATE_DATABASE}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 5);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** One statement on a connection of its own (creating and dropping databases; a write as another process would make it). */
export async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}
