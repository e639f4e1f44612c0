import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import { dropExpiredDrafts } from './queries';

export const DROP_EXPIRED_DRAFTS_TASK = 'drop_expired_import_drafts';

/** Deletes import drafts nobody confirmed within the hour (src/jobs/worker.ts runs it). */
export const importTasks = (db: Db): TaskList => ({
  [DROP_EXPIRED_DRAFTS_TASK]: async () => {
    await dropExpiredDrafts(db);
  },
});

/** Every ten minutes, so a spreadsheet's rows are kept at most a little over an hour. */
export const importCrontab = `*/10 * * * * ${DROP_EXPIRED_DRAFTS_TASK}`;
