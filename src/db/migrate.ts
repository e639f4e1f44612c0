import path from 'node:path';
import type { Db } from './knex';

// Any fixed number unique to this application; two instances starting at once queue on it.
const MIGRATION_LOCK_KEY = 73_614_052;

export const migrationConfig = {
  directory: path.resolve(__dirname, '../../migrations'),
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

/** Runs pending migrations while holding a PostgreSQL advisory lock, so concurrent starts are safe. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const connection = await db.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
    return applied;
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await db.client.releaseConnection(connection);
  }
}
