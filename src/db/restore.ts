import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupFooter,
  type BackupHeader,
  columnList,
  LEFT_OUT,
  queryOn,
  quoteIdent,
  type TableSection,
} from './backupSchema';
import type { Db } from './knex';
import { migrationConfig } from './migrate';

export interface RestoreResult {
  tables: number;
  rows: number;
  /** The migrations applied to the empty database to reach the backup's level. */
  migrated: number;
  ms: number;
}

// The migrations write the suggested topics themselves; a database holding only those is empty.
const WRITTEN_BY_MIGRATIONS = ['topics'];

/** The backup's first line: when it was made and at which migration level. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of lines) return parseHeader(line);
    throw new Error(`${file} is empty`);
  } finally {
    lines.close();
  }
}

function parseHeader(line: string): BackupHeader {
  const header = JSON.parse(line) as BackupHeader;
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_FORMAT_VERSION)
    throw new Error('Not a Samling backup (or one of a format this version does not read)');
  return header;
}

/**
 * Restores a backup into an empty database: migrates it to the backup's level, one migration at
 * a time, then in one transaction copies every table back (parents first, as the file has them)
 * with the tables' own triggers off, so rows come back as they were written (an attendance's
 * snapshot is not taken again), and sets the sequences where they were. Refuses a database that
 * holds data. The app's normal start migrates further, to the code's level.
 */
export async function restoreBackup(db: Db, file: string): Promise<RestoreResult> {
  const started = Date.now();
  const header = await readBackupHeader(file);
  await assertEmpty(db);
  const migrated = await migrateToLevel(db, header.migrations);

  const client = (await db.client.acquireConnection()) as pg.PoolClient;
  const query = queryOn(client);
  try {
    await client.query('begin');
    const tables = (
      await query(
        `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> all($1)`,
        [LEFT_OUT],
      )
    ).rows.map((row) => quoteIdent(row.name as string));
    // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
    for (const table of tables) await query(`alter table ${table} disable trigger user`);
    // Rows the migrations wrote (the suggested topics) are in the backup too.
    if (tables.length > 0) await query(`truncate ${tables.join(', ')}`);
    const { footer, copied } = await copyRows(client, file);
    for (const [table, rows] of Object.entries(footer.rows))
      if (copied[table] !== rows) throw new Error(`${table}: ${copied[table]} rows copied, the backup has ${rows}`);
    for (const seq of footer.sequences) {
      // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
      await query('select setval($1::regclass, $2::bigint, $3)', [quoteIdent(seq.name), seq.value, seq.called]);
    }
    for (const table of tables) {
      // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
      await query(`alter table ${table} enable trigger user`);
    }
    await client.query('commit');
    return {
      tables: Object.keys(copied).length,
      rows: Object.values(copied).reduce((sum, n) => sum + n, 0),
      migrated,
      ms: Date.now() - started,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await db.client.releaseConnection(client);
  }
}

async function copyRows(
  client: pg.PoolClient,
  file: string,
): Promise<{ footer: BackupFooter; copied: Record<string, number> }> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const copied: Record<string, number> = {};
  let first = true;
  let copy: { table: string; stream: ReturnType<typeof copyFrom>; done: Promise<void> } | undefined;
  let batch: string[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (!copy || batch.length === 0) return;
    const chunk = `${batch.join('\n')}\n`;
    batch = [];
    batchBytes = 0;
    if (!copy.stream.write(chunk)) await new Promise((resolve) => copy?.stream.once('drain', resolve));
  };
  for await (const line of lines) {
    if (first) {
      first = false;
      continue;
    }
    if (copy) {
      if (line !== '\\.') {
        batch.push(line);
        batchBytes += line.length;
        if (batchBytes > 256 * 1024) await flush();
        continue;
      }
      await flush();
      copy.stream.end();
      await copy.done;
      copied[copy.table] = copy.stream.rowCount;
      copy = undefined;
      continue;
    }
    const parsed = JSON.parse(line) as TableSection | BackupFooter;
    if ('end' in parsed) return { footer: parsed, copied };
    const stream = client.query(
      copyFrom(`copy ${quoteIdent(parsed.table)} (${columnList(parsed.columns)}) from stdin`),
    );
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    copy = { table: parsed.table, stream, done };
  }
  throw new Error(`${file} ends before its last line: the backup is incomplete`);
}

async function assertEmpty(db: Db): Promise<void> {
  const query = (sql: string, params: unknown[] = []) =>
    db.raw(sql, params as never) as Promise<{ rows: { name: string }[] }>;
  const { rows } = await query(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> all(?)`,
    [[...LEFT_OUT, ...WRITTEN_BY_MIGRATIONS]],
  );
  for (const { name } of rows) {
    // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
    const found = await query(`select exists (select from ${quoteIdent(name)}) as name`);
    if (found.rows[0]?.name)
      throw new Error(
        `The database is not empty (${name} has rows): restore into a new, empty database, never over data`,
      );
  }
}

/** Applies exactly the backup's migrations, in its order; the database may already be part of the way. */
async function migrateToLevel(db: Db, level: string[]): Promise<number> {
  const hasTable = await db.schema.hasTable('knex_migrations');
  const applied: string[] = hasTable ? await db('knex_migrations').orderBy('id').pluck('name') : [];
  if (applied.some((name, i) => level[i] !== name))
    throw new Error(
      `The database's migrations (${applied.at(-1)}) are not the backup's (${level.at(-1)}): restore into a new, empty database`,
    );
  const inCode = new Set(await readdir(migrationConfig.directory));
  const missing = level.filter((name) => !inCode.has(name));
  if (missing.length > 0)
    throw new Error(`The backup comes from a newer Samling (it has ${missing.join(', ')}): update the code first`);
  const pending = level.slice(applied.length);
  // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
  for (const name of pending) await db.migrate.up({ ...migrationConfig, name });
  return pending.length;
}
