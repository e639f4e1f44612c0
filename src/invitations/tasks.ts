import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import { SEND_REMINDERS_TASK, sendDueReminders } from './reminders';
import type { InvitationConfig } from './send';
import { SEND_UPDATES_TASK, sendGatheringUpdates } from './updates';

export const invitationTasks = (db: Db, config: InvitationConfig): TaskList => ({
  [SEND_REMINDERS_TASK]: async () => {
    await sendDueReminders(db, config.BASE_URL);
  },
  [SEND_UPDATES_TASK]: async (payload) => {
    await sendGatheringUpdates(db, (payload as { gatheringId: number }).gatheringId, config);
  },
});

/** Every ten minutes: reminders that have come due (and any missed while no worker ran). */
export const invitationCrontab = `*/10 * * * * ${SEND_REMINDERS_TASK}`;
