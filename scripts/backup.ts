import path from 'node:path';
import { backupToFolder, writeBackup } from '../src/db/backup';
import { connectDatabase } from '../src/db/connect';
import { loadConfig } from '../src/kernel/config';

// `npm run backup`: DATABASE_URL's database, or the embedded one (the running app's, or started
// for the purpose), into BACKUP_DIR, named by time, keeping the newest BACKUP_KEEP.
// `npm run backup -- FILE` writes that one file instead, and removes nothing.
async function main(): Promise<void> {
  const config = loadConfig();
  const file = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  const database = await connectDatabase(config, console.log, { attach: true });
  try {
    const backup = file
      ? { ...(await writeBackup(database.db, path.resolve(file))), removed: [] }
      : await backupToFolder(database.db, { dir: path.resolve(config.BACKUP_DIR), keep: config.BACKUP_KEEP });
    console.log(
      `Backed up ${backup.rows} rows of ${backup.tables} tables in ${backup.ms} ms: ${backup.file} (${kib(backup.bytes)})`,
    );
    if (backup.removed.length > 0) console.log(`Removed ${backup.removed.length} older: ${backup.removed.join(', ')}`);
  } finally {
    await database.close();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
