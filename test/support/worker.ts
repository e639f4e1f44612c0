import pino from 'pino';
import { loadConfig } from '../../src/kernel/config';
import type { Db } from '../../src/db/knex';
import { createMailer } from '../../src/mail/mailer';
import { startWorker } from '../../src/jobs/worker';

/** The real queue worker against a test database, sending through the given SMTP server. */
export async function startTestWorker(db: Db, url: string, smtpUrl: string, baseUrl = 'https://samling.test') {
  const mailer = createMailer(loadConfig({ NODE_ENV: 'test', SMTP_URL: smtpUrl }), db);
  const worker = await startWorker({
    connectionString: url,
    db,
    mailer,
    logger: pino({ level: 'silent' }),
    pollInterval: 100,
    concurrency: 4,
    baseUrl,
    cron: false,
  });
  return {
    /** Makes every waiting job due now: drives retry back-off without waiting for it. */
    async runDueNow() {
      await db.raw('update graphile_worker._private_jobs set run_at = now() where locked_at is null');
    },
    stop: async () => {
      await worker.stop();
      mailer.close();
    },
  };
}
