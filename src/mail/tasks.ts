import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import type { Mailer } from './mailer';
import { SEND_EMAIL_TASK } from './outbox';
import { sendQueuedEmails, sentMarker } from './sendEmail';

/** The outbox's job: send the queued emails it names (src/jobs/worker.ts runs it). */
export const mailTasks = (db: Db, mailer: Mailer): TaskList => {
  const markSent = sentMarker(db);
  return {
    [SEND_EMAIL_TASK]: async (payload, helpers) => {
      const { emailIds } = payload as { emailIds: number[] };
      const { id, attempts, max_attempts: maxAttempts } = helpers.job;
      await sendQueuedEmails(db, mailer, markSent, { id, emailIds, attempts, maxAttempts });
    },
  };
};
