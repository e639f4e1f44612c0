import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import { type LoginLinkRequest, SEND_LOGIN_LINK_TASK, sendLoginLink } from './loginLinks';

/** The sign-in link job: queued by the sign-in form, sent off the request (src/jobs/worker.ts runs it). */
export const accountTasks = (db: Db, baseUrl: string): TaskList => ({
  [SEND_LOGIN_LINK_TASK]: async (payload) => {
    await sendLoginLink(db, baseUrl, payload as LoginLinkRequest);
  },
});
