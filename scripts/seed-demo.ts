import { loadConfig } from '../src/kernel/config';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { seedDemo } from '../src/demo/seedDemo';
import { todayInOslo } from '../src/kernel/dates';

// `npm run seed:demo`: rebuilds the demo data set (DATABASE_URL's database, or the embedded one).
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await connectDatabase(config, console.log);
  try {
    await migrateToLatest(database.db, database.url);
    const summary = await seedDemo(database.db, { today: todayInOslo() });
    console.log('Demo data rebuilt:', summary);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
