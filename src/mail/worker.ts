import { Logger as WorkerLogger, run, type Runner } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import type { Mailer } from './mailer';
import { SEND_EMAIL_TASK } from './outbox';
import { sendQueuedEmails } from './sendEmail';
import { SEND_REMINDERS_TASK, sendDueReminders } from '../invitations/reminders';
import { SEND_UPDATES_TASK, sendGatheringUpdates } from '../invitations/updates';

/**
 * The background worker (graphile-worker on PostgreSQL): picks jobs with SKIP LOCKED, so any
 * number of workers on one database run each job once, and retries failures with backoff.
 */
export async function startWorker(options: {
  connectionString: string;
  db: Db;
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  /** Run the periodic reminder job (tests drive it directly instead). */
  cron?: boolean;
  concurrency?: number;
  pollInterval?: number;
}): Promise<{ stop: () => Promise<void> }> {
  const { db, mailer, logger } = options;
  // Our own pool, so an idle connection the server drops (a restart) is logged, not a crash.
  const pgPool = new pg.Pool({ connectionString: options.connectionString, max: (options.concurrency ?? 4) + 2 });
  pgPool.on('error', (error) => logger.warn({ err: error }, 'worker database connection lost'));
  pgPool.on('connect', (client) => client.on('error', (error) => logger.warn({ err: error }, 'worker database connection lost')));
  const runner: Runner = await run({
    pgPool,
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollInterval ?? 2000,
    noHandleSignals: true,
    // Every ten minutes: reminders that have come due (and any missed while no worker ran).
    crontab: options.cron === false ? '' : `*/10 * * * * ${SEND_REMINDERS_TASK}`,
    // The queue's own messages go to our JSON log; a failed attempt is a warning, retried.
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = level === 'error' ? 'warn' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
      logger[log]({ ...scope, ...meta }, message);
    }),
    taskList: {
      [SEND_EMAIL_TASK]: async (payload, helpers) => {
        const { emailIds } = payload as { emailIds: number[] };
        await sendQueuedEmails(db, mailer, emailIds, { number: helpers.job.attempts, max: helpers.job.max_attempts });
      },
      [SEND_REMINDERS_TASK]: async () => {
        await sendDueReminders(db, options.baseUrl);
      },
      [SEND_UPDATES_TASK]: async (payload) => {
        await sendGatheringUpdates(db, (payload as { gatheringId: number }).gatheringId, options.baseUrl);
      },
    },
  });
  return {
    stop: async () => {
      await runner.stop();
      await pgPool.end();
    },
  };
}
