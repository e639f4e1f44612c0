import pino from 'pino';
import { loadConfig } from '../src/kernel/config';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { createMailer } from '../src/mail/mailer';
import { startWorker } from '../src/jobs/worker';

// `npm run worker`: the mail and reminder worker as its own process (set WORKER_IN_APP=false on the app).
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  const database = await connectDatabase(config, (message) => logger.info(message));
  const backup = config.BACKUP_AUTOMATIC ? { dir: config.BACKUP_DIR, keep: config.BACKUP_KEEP } : undefined;
  await migrateToLatest(database.db, database.url, {
    backupBefore: backup && {
      ...backup,
      done: ({ file, rows }) => logger.info({ file, rows }, 'backup before migrating'),
    },
  });
  const mailer = createMailer(config, database.db);
  const worker = await startWorker({
    connectionString: database.url,
    db: database.db,
    mailer,
    logger,
    baseUrl: config.BASE_URL,
    replyAddress: config.REPLY_ADDRESS,
    registrationRetentionMonths: config.REGISTRATION_RETENTION_MONTHS,
    backup,
  });
  logger.info('worker running');
  const stop = async () => {
    await worker.stop();
    mailer.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
