import path from 'node:path';
import { Logger, runMigrations } from 'graphile-worker';
import type { Db } from './knex';

// Any fixed number unique to this application; two instances starting at once queue on it.
const MIGRATION_LOCK_KEY = 73_614_052;

export const migrationConfig = {
  directory: path.resolve(__dirname, '../../migrations'),
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

/**
 * Runs pending migrations (ours, then the job queue's schema) while holding a PostgreSQL
 * advisory lock, so instances starting at once apply them once.
 */
export async function migrateToLatest(db: Db, connectionString: string): Promise<string[]> {
  const connection = await db.client.acquireConnection();
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const [, applied] = (await db.migrate.latest(migrationConfig)) as [number, string[]];
    await runMigrations({ connectionString, logger: quietLogger });
    return applied;
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await db.client.releaseConnection(connection);
  }
}

// graphile-worker logs every migration step at info level; start-up output stays ours.
const quietLogger = new Logger(() => () => undefined);
