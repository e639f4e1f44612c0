import pino from 'pino';
import { loadConfig } from '../../src/kernel/config';
import { createDb, type Db } from '../../src/db/knex';
import { createMailer } from '../../src/mail/mailer';
import { startWorker } from '../../src/jobs/worker';
import { waitFor } from './processes';

/**
 * The real queue worker against a test database, sending through the given SMTP server. It has
 * connections of its own, as the worker process has (src/db/connect.ts): two test workers are
 * two processes' worth of connections, not a share of the test app's pool.
 */
export async function startTestWorker(
  url: string,
  smtpUrl: string,
  baseUrl = 'https://samling.test',
  replyAddress?: string,
) {
  const db = createDb(url, 6);
  const mailer = createMailer(loadConfig({ NODE_ENV: 'test', SMTP_URL: smtpUrl }), db);
  const worker = await startWorker({
    connectionString: url,
    db,
    mailer,
    logger: pino({ level: 'silent' }),
    pollInterval: 100,
    concurrency: 4,
    baseUrl,
    replyAddress,
    cron: false,
  });
  let stopped: Promise<void> | undefined;
  return {
    /** Makes every waiting job due now: drives retry back-off without waiting for it. */
    async runDueNow() {
      await db.raw('update graphile_worker._private_jobs set run_at = now() where locked_at is null');
    },
    /** Finishes the jobs in hand and stops; nothing is sent after it resolves. Safe to call again. */
    stop: () => {
      stopped ??= (async () => {
        await worker.stop();
        mailer.close();
        await db.destroy();
      })();
      return stopped;
    },
  };
}

/**
 * Whether the queue has nothing left to do now: no job running or due (one scheduled for later,
 * such as a gathering's delayed update, does not count) and no message waiting to be sent. A
 * message is marked sent only once the SMTP server has accepted it, so every message the work so
 * far produced has then reached the server.
 */
export async function queueDrained(db: Db): Promise<boolean> {
  const { rows } = await db.raw(
    `select
       (select count(*)::int from graphile_worker.jobs
         where locked_at is not null or (run_at <= now() and attempts < max_attempts)) as jobs,
       (select count(*)::int from outgoing_emails where status = 'queued') as queued`,
  );
  return rows[0].jobs === 0 && rows[0].queued === 0;
}

/** Waits until the queue is drained (queueDrained): the work of the requests made so far is done. */
export const waitForQueueDrained = (db: Db, timeoutMs = 15000) =>
  waitFor('the mail queue to be drained', () => queueDrained(db), timeoutMs);
