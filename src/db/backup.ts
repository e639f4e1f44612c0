import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  type BackupFooter,
  type BackupHeader,
  columnList,
  copiedColumns,
  queryOn,
  quoteIdent,
  sequences,
  type TableSection,
  tablesInDependencyOrder,
} from './backupSchema';
import type { Db } from './knex';

/**
 * A backup is one gzip file of text: a JSON line with the migration level, then for each table,
 * parents before children, a JSON line naming it and its columns, its rows as COPY's text
 * format writes them (one line a row) and a line `\.`, and last a JSON line with the row counts
 * and the sequences' values. Every table is read in one REPEATABLE READ, read-only transaction,
 * so the file is one moment of the database however long it takes to write, while the app runs.
 */
export interface BackupResult {
  file: string;
  bytes: number;
  rows: number;
  tables: number;
  ms: number;
}

export async function writeBackup(db: Db, file: string): Promise<BackupResult> {
  const started = Date.now();
  const client = (await db.client.acquireConnection()) as pg.PoolClient;
  const partial = `${file}.partial`;
  let footer: BackupFooter | undefined;
  try {
    await client.query('begin transaction isolation level repeatable read read only');
    const query = queryOn(client);
    // A database never migrated (no knex_migrations yet) backs up as level zero, with no tables.
    const migrated = (await query(`select to_regclass('public.knex_migrations') is not null as yes`)).rows[0]?.yes;
    const migrations = migrated
      ? ((await query('select coalesce(array_agg(name order by id), $1) as names from knex_migrations', [[]])).rows[0]
          ?.names as string[])
      : [];
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_FORMAT_VERSION,
      createdAt: new Date().toISOString(),
      migrations,
    };
    const tables = await tablesInDependencyOrder(query);
    async function* contents(): AsyncGenerator<Buffer | string> {
      yield `${JSON.stringify(header)}\n`;
      const rows: Record<string, number> = {};
      for (const table of tables) {
        // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
        const columns = await copiedColumns(query, table);
        const section: TableSection = { table, columns };
        yield `${JSON.stringify(section)}\n`;
        let count = 0;
        const stream = client.query(copyTo(`copy ${quoteIdent(table)} (${columnList(columns)}) to stdout`));
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          for (const byte of chunk) if (byte === 10) count += 1;
          yield chunk;
        }
        rows[table] = count;
        yield '\\.\n';
      }
      // Read last: a sequence is not part of the snapshot, so its value is at least what any row holds.
      const values = [];
      for (const name of await sequences(query)) {
        // biome-ignore lint/performance/noAwaitInLoops: one connection, in order: each step needs the one before (a transaction, a migration level, a COPY stream)
        const { rows: seq } = await query(`select last_value::text as value, is_called from ${quoteIdent(name)}`);
        values.push({ name, value: seq[0]?.value as string, called: seq[0]?.is_called as boolean });
      }
      footer = { end: true, rows, sequences: values };
      yield `${JSON.stringify(footer)}\n`;
    }
    await mkdir(path.dirname(file), { recursive: true });
    await pipeline(Readable.from(contents()), createGzip(), createWriteStream(partial, { mode: 0o600 }));
    await client.query('commit');
    await syncFile(partial);
    await rename(partial, file);
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  } finally {
    await db.client.releaseConnection(client);
  }
  const rows = Object.values(footer?.rows ?? {}).reduce((sum, n) => sum + n, 0);
  return {
    file,
    bytes: (await stat(file)).size,
    rows,
    tables: Object.keys(footer?.rows ?? {}).length,
    ms: Date.now() - started,
  };
}

async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const BACKUP_FILE = /^samling-\d{8}T\d{9}Z(-[a-z-]+)?\.backup\.gz$/;

/** `samling-20261130T190512345Z.backup.gz`: sorts by time; `-before-migration` and the like say why. */
export function backupFileName(at: Date, reason?: string): string {
  const stamp = at.toISOString().replace(/[-:.]/g, '');
  return `samling-${stamp}${reason ? `-${reason}` : ''}.backup.gz`;
}

/** A new backup in `dir`, named by time; only the newest `keep` backups there are kept. */
export async function backupToFolder(
  db: Db,
  options: { dir: string; keep: number; reason?: string },
): Promise<BackupResult & { removed: string[] }> {
  const result = await writeBackup(db, path.join(options.dir, backupFileName(new Date(), options.reason)));
  const backups = (await readdir(options.dir)).filter((name) => BACKUP_FILE.test(name)).sort();
  const removed = backups.slice(0, Math.max(0, backups.length - options.keep));
  await Promise.all(removed.map((name) => rm(path.join(options.dir, name), { force: true })));
  return { ...result, removed };
}
