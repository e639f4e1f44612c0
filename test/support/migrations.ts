import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDb, type Db } from '../../src/db/knex';
import { migrationConfig } from '../../src/db/migrate';
import { adminQuery } from './db';

/** Every migration file of the app, in the order knex runs them. */
export const realMigrations = readdirSync(migrationConfig.directory)
  .filter((file) => file.endsWith('.ts'))
  .sort();

/** An empty database of its own (no migrations at all), dropped again by `drop()`. */
export async function emptyDatabase(): Promise<{ db: Db; url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.SAMLING_TEST_ADMIN_URL as string;
  const name = `samling_upgrade_${randomBytes(5).toString('hex')}`;
  await adminQuery(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), 3);
  return {
    db,
    url: url.toString(),
    drop: async () => {
      await db.destroy();
      await adminQuery(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/**
 * A migrations folder of its own: links to some of the real files (so their relative imports
 * still resolve) plus any extra files given as name → source. `remove()` deletes it.
 */
export function migrationsFolder(
  files: string[],
  extra: Record<string, string> = {},
): { directory: string; remove: () => void } {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'samling-migrations-'));
  for (const file of files) symlinkSync(path.join(migrationConfig.directory, file), path.join(directory, file));
  for (const [file, source] of Object.entries(extra)) writeFileSync(path.join(directory, file), source);
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** Every table in the public schema, sorted. */
export async function publicTables(db: Db): Promise<string[]> {
  return db('information_schema.tables').where({ table_schema: 'public' }).orderBy('table_name').pluck('table_name');
}
