import pino from 'pino';
import { startMailboxPolling } from '../src/calendarReplies/imap';
import { startReplyReceiver } from '../src/calendarReplies/receiver';
import { connectDatabase } from '../src/db/connect';
import { migrateToLatest } from '../src/db/migrate';
import { loadConfig } from '../src/kernel/config';

// `npm run replies`: receives calendar answers (Godta/Avslå in Outlook, Google, Apple) as its own
// process, beside the app and the worker. By default an SMTP endpoint: the domain's mail exchanger
// forwards mail for REPLY_ADDRESS to REPLY_SMTP_HOST:REPLY_SMTP_PORT. With IMAP_URL it reads the
// reply address's mailbox every IMAP_POLL_SECONDS instead. One is enough: it holds nothing between
// messages but its per-sender counts.
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.LOG_LEVEL });
  if (!config.REPLY_ADDRESS) throw new Error('REPLY_ADDRESS is not set: there is no address to receive answers for');
  // Beside a running `npm start` it shares its embedded PostgreSQL.
  const database = await connectDatabase(config, (message) => logger.info(message), { attach: true });
  const backup = config.BACKUP_AUTOMATIC ? { dir: config.BACKUP_DIR, keep: config.BACKUP_KEEP } : undefined;
  await migrateToLatest(database.db, database.url, {
    backupBefore: backup && {
      ...backup,
      done: ({ file, rows }) => logger.info({ file, rows }, 'backup before migrating'),
    },
  });
  let close: () => Promise<void>;
  if (config.IMAP_URL) {
    const polling = startMailboxPolling({
      db: database.db,
      logger,
      url: config.IMAP_URL,
      mailConfig: config,
      intervalSeconds: config.IMAP_POLL_SECONDS,
    });
    close = polling.stop;
    logger.info(
      `calendar answers for ${config.REPLY_ADDRESS}: reading its mailbox every ${config.IMAP_POLL_SECONDS} s`,
    );
  } else {
    const receiver = await startReplyReceiver({
      db: database.db,
      logger,
      replyAddress: config.REPLY_ADDRESS,
      mailConfig: config,
      host: config.REPLY_SMTP_HOST,
      port: config.REPLY_SMTP_PORT,
    });
    close = receiver.close;
    logger.info(`calendar answers for ${config.REPLY_ADDRESS} on ${config.REPLY_SMTP_HOST}:${receiver.port}`);
  }
  const stop = async () => {
    await close();
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
