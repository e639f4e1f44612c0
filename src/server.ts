import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { hasAnyRegion, seedDemo } from './demo/seedDemo';
import { todayInOslo } from './web/dates';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const database = await connectDatabase(config, (message) => logger.info(message));
  const applied = await migrateToLatest(database.db, database.url);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  if (config.DEMO_DATA && !(await hasAnyRegion(database.db))) {
    const summary = await seedDemo(database.db, { today: todayInOslo() });
    logger.info({ summary }, 'fresh database: demo data loaded (DEMO_DATA=false leaves it empty)');
  }

  const { app, close } = createApp({
    config,
    db: database.db,
    databaseUrl: database.url,
    logger,
    sessionSecret: sessionSecret(config),
  });
  const server = app.listen(config.PORT, () => {
    logger.info(`Samling is running at ${config.BASE_URL}`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    server.close();
    server.closeAllConnections();
    await close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

/** Production must configure SESSION_SECRET; development keeps a generated one under ./data so sessions survive restarts. */
function sessionSecret(config: Config): string {
  if (config.SESSION_SECRET) return config.SESSION_SECRET;
  const file = path.resolve('data', 'session-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Samling failed to start:', error);
  }
  process.exit(1);
});
