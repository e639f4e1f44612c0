import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateToLatest } from '../src/db/migrate';
import { freePort } from './bench/data';
import { generateTableTypes, TABLE_TYPES_FILE } from './tableTypes';

// `npm run db:types`: migrates a throwaway embedded PostgreSQL and writes the tables' row types
// for knex (src/db/tables.ts). Run it after adding a migration; a test fails until it is run.
async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-table-types-'));
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  server.stopWithProcess();
  try {
    await server.createDatabase('samling');
    const url = server.url('samling');
    const db = createDb(url, 2);
    try {
      await migrateToLatest(db, url);
      const source = await generateTableTypes(db);
      writeFileSync(path.resolve(__dirname, '..', TABLE_TYPES_FILE), source);
      console.log(`Wrote ${TABLE_TYPES_FILE}`);
    } finally {
      await db.destroy();
    }
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
