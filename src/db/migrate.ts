import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Logger, runMigrations } from 'graphile-worker';
import { type BackupResult, backupToFolder } from './backup';
import { PROJECT_ROOT } from '../kernel/projectRoot';
import type { Db } from './knex';

// Any fixed number unique to this application; two instances starting at once queue on it.
const MIGRATION_LOCK_KEY = 73_614_052;

export const migrationConfig = {
  directory: path.join(PROJECT_ROOT, 'migrations'),
  loadExtensions: ['.ts'],
  tableName: 'knex_migrations',
};

/** The name start-up and `npm run migrate` give the job queue's own schema (graphile-worker migrates it). */
export const JOB_QUEUE_SCHEMA = 'graphile-worker job queue schema';

/**
 * A migration failed and was rolled back: the database is as it was before that migration, and
 * the ones before it in the same run stay applied. Start-up stops here rather than run new code
 * on an old schema.
 */
export class MigrationFailed extends Error {
  constructor(
    readonly migration: string,
    readonly applied: string[],
    readonly databaseError: string,
  ) {
    super(
      `Migration ${migration} failed: ${databaseError}\n` +
        `It was rolled back, so the database is as it was before it` +
        (applied.length > 0 ? ` (the ${applied.length} migration(s) before it in this run were applied).` : '.') +
        '\nSamling does not start on a database that is not up to date: fix the migration and start again.',
    );
    this.name = 'MigrationFailed';
  }
}

export interface MigrationOptions {
  /** Another folder of migrations (tests use copies with one broken or missing). */
  directory?: string;
  /** Back up first, when migrations would run over an existing schema. */
  backupBefore?: { dir: string; keep: number; done?: (backup: BackupResult) => void };
}

/**
 * Runs pending migrations (ours, then the job queue's schema) while holding a PostgreSQL
 * advisory lock, so instances starting at once apply them once. Each migration runs in a
 * transaction of its own, together with the row that records it: one that fails leaves no
 * trace, the ones before it stay applied, and MigrationFailed names it.
 * With `backupBefore` (the embedded default), a database that holds a schema is backed up
 * first when migrations would run.
 */
export async function migrateToLatest(
  db: Db,
  connectionString: string,
  options: MigrationOptions = {},
): Promise<string[]> {
  const { backupBefore, ...folder } = options;
  const config = { ...migrationConfig, ...folder };
  const connection = await db.client.acquireConnection();
  const applied: string[] = [];
  try {
    await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Listing creates knex's bookkeeping tables: whether a schema was there must be read first.
    const hadSchema = await db.schema.hasTable(config.tableName);
    // Read under the lock: another instance may have applied some while this one waited.
    const [, pending] = (await db.migrate.list(config)) as [unknown, { file: string }[]];
    if (backupBefore && hadSchema && pending.length > 0) {
      const backup = await backupToFolder(db, { ...backupBefore, reason: 'before-migration' });
      backupBefore.done?.(backup);
    }
    for (const { file } of pending) {
      try {
        // `up` with a name runs just that one, in one transaction with its knex_migrations row.
        // biome-ignore lint/performance/noAwaitInLoops: migrations run one after another, in order
        await db.migrate.up({ ...config, name: file });
      } catch (error) {
        throw new MigrationFailed(file, applied, errorMessage(error));
      }
      applied.push(file);
    }
    try {
      await runMigrations({ connectionString, logger: quietLogger });
    } catch (error) {
      throw new MigrationFailed(JOB_QUEUE_SCHEMA, applied, errorMessage(error));
    }
    return applied;
  } finally {
    await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await db.client.releaseConnection(connection);
  }
}

/**
 * The migrations `migrateToLatest` would apply, in order, without writing anything (knex's own
 * listing creates its bookkeeping tables, so this reads them only if they exist). The job queue's
 * schema is listed when it does not exist yet; once it does, graphile-worker upgrades it itself.
 */
export async function pendingMigrations(db: Db, options: MigrationOptions = {}): Promise<string[]> {
  const config = { ...migrationConfig, ...options };
  const files = readdirSync(config.directory)
    .filter((file) => config.loadExtensions.includes(path.extname(file)))
    .sort();
  const recorded = await db.raw<{ rows: { exists: string | null }[] }>('select to_regclass(?) as exists', [
    config.tableName,
  ]);
  const completed = new Set(
    recorded.rows[0]?.exists ? await db(config.tableName).pluck<string[]>('name') : ([] as string[]),
  );
  const pending = files.filter((file) => !completed.has(file));
  // graphile-worker keeps its own list; without its schema, the whole schema is pending.
  const queue = await db.raw<{ rows: { exists: string | null }[] }>(
    "select to_regclass('graphile_worker.migrations') as exists",
  );
  return queue.rows[0]?.exists ? pending : [...pending, JOB_QUEUE_SCHEMA];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// graphile-worker logs every migration step at info level; start-up output stays ours.
const quietLogger = new Logger(() => () => undefined);
