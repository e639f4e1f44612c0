import { loadConfig } from '../src/kernel/config';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest, pendingMigrations } from '../src/db/migrate';

// `npm run migrate`: applies pending migrations to DATABASE_URL's database, or the embedded one.
// `npm run migrate -- --dry-run`: lists them and changes nothing.
async function main(): Promise<void> {
  const dryRun = process.argv.includes('--dry-run');
  const config = loadConfig();
  const database = await connectDatabase(config, console.log);
  try {
    if (dryRun) {
      const pending = await pendingMigrations(database.db);
      console.log(
        pending.length > 0
          ? `${pending.length} migration(s) would run, in this order (dry run: nothing was changed):\n  ${pending.join('\n  ')}`
          : 'Database is up to date (dry run: nothing was changed).',
      );
      return;
    }
    const applied = await migrateToLatest(database.db, database.url, {
      backupBefore: config.BACKUP_AUTOMATIC
        ? {
            dir: config.BACKUP_DIR,
            keep: config.BACKUP_KEEP,
            done: ({ file, rows }) => console.log(`Backed up ${rows} rows first: ${file}`),
          }
        : undefined,
    });
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`
        : 'Database is up to date.',
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
