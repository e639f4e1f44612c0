import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import { SEND_PROFILE_CHECKS_TASK, sendProfileChecks } from './checks';

/** The yearly check of each unit's service profile (src/jobs/worker.ts runs it). */
export const catalogueTasks = (db: Db, baseUrl: string): TaskList => ({
  [SEND_PROFILE_CHECKS_TASK]: async () => {
    await sendProfileChecks(db, baseUrl);
  },
});

/** Daily at 08:00 (the server's clock): each unit's turn comes a year after its last check. */
export const catalogueCrontab = `0 8 * * * ${SEND_PROFILE_CHECKS_TASK}`;
