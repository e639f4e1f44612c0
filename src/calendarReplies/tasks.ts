import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import { dropStrayReplies } from './queries';

export const DROP_STRAY_REPLIES_TASK = 'drop_stray_calendar_replies';

/** Deletes answers that matched no gathering once they are 30 days old (src/jobs/worker.ts runs it). */
export const calendarReplyTasks = (db: Db): TaskList => ({
  [DROP_STRAY_REPLIES_TASK]: async () => {
    await dropStrayReplies(db);
  },
});

/** Every night: a stranger's address, kept only to explain a refusal, goes within a month and a day. */
export const calendarReplyCrontab = `17 3 * * * ${DROP_STRAY_REPLIES_TASK}`;
