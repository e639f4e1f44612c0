import { loadConfig } from '../src/kernel/config';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';

// `npm run migrate`: applies pending migrations to DATABASE_URL's database, or the embedded one.
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await connectDatabase(config, console.log);
  try {
    const applied = await migrateToLatest(database.db, database.url);
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
