import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { devLoginLinks } from './demo/devLoginLinks';
import { oidcRoutes } from './accounts/oidcRoutes';
import { createApp } from './app';
import { ConfigError, loadConfig, type Config } from './kernel/config';
import { connectDatabase } from './db/connect';
import { MigrationFailed, migrateToLatest } from './db/migrate';
import { hasAnyRegion, seedDemo } from './demo/seedDemo';
import { createMailer } from './mail/mailer';
import { startWorker } from './jobs/worker';
import { todayInOslo } from './kernel/dates';

// Start-up: config → database → migrations → demo data → app → worker → listen.
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const database = await connectDatabase(config, (message) => logger.info(message));
  // The embedded default backs itself up: before migrations run over data, and every night.
  // A failed migration was rolled back; the app refuses to start on a schema it was not written for.
  const backup = config.BACKUP_AUTOMATIC ? { dir: config.BACKUP_DIR, keep: config.BACKUP_KEEP } : undefined;
  const applied = await migrateToLatest(database.db, database.url, {
    backupBefore: backup && {
      ...backup,
      done: ({ file, rows }) => logger.info({ file, rows }, 'backup before migrating'),
    },
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  if (config.DEMO_DATA && !(await hasAnyRegion(database.db))) {
    const summary = await seedDemo(database.db, { today: todayInOslo() });
    logger.info({ summary }, 'fresh database: demo data loaded (DEMO_DATA=false leaves it empty)');
  }

  const oidc = await oidcRoutes(database.db, config);
  const { app, close } = createApp({
    config,
    db: database.db,
    databaseUrl: database.url,
    logger,
    sessionSecret: sessionSecret(config),
    oidc,
  });
  const mailer = createMailer(config, database.db);
  const worker = config.WORKER_IN_APP
    ? await startWorker({
        connectionString: database.url,
        db: database.db,
        mailer,
        logger,
        baseUrl: config.BASE_URL,
        replyAddress: config.REPLY_ADDRESS,
        registrationRetentionMonths: config.REGISTRATION_RETENTION_MONTHS,
        backup,
      })
    : undefined;

  const server = app.listen(config.PORT, config.HOST, () => {
    logger.info(`Samling is running at ${config.BASE_URL} on Node ${process.version}`);
    if (config.NODE_ENV === 'development') void printDevLinks(config, database.db);
  });

  // Shut down in order: stop taking requests and let those under way finish, let the worker
  // finish the jobs it runs (or hand them back), close the pools, and stop PostgreSQL last.
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal} received, shutting down`);
    await closeHttpServer(server, HTTP_DRAIN_MS);
    await worker?.stop();
    mailer.close();
    await close();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

// Requests under way get this long to finish once a shutdown begins; then their connections are cut.
const HTTP_DRAIN_MS = 10_000;

function closeHttpServer(server: Server, drainMs: number): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), drainMs);
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function printDevLinks(config: Config, db: Parameters<typeof devLoginLinks>[0]): Promise<void> {
  const links = await devLoginLinks(db, config.BASE_URL);
  if (links.length === 0) return;
  const lines = links.map((link) => `  ${link.role.padEnd(15)} ${link.name.padEnd(22)} ${link.url}`);
  console.log(`\nSign in as a demo user (each link works once, for 12 hours):\n${lines.join('\n')}`);
  if (!config.SMTP_URL)
    console.log(`Mail is not sent in development without SMTP_URL: read it at ${config.BASE_URL}/dev/mailbox\n`);
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
  console.error(error instanceof ConfigError || error instanceof MigrationFailed ? error.message : error);
  process.exit(1);
});
