import type { TaskList } from 'graphile-worker';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { deleteExpiredOutsiders, regionOfGathering } from './queries';

export const DELETE_EXPIRED_REGISTRATIONS_TASK = 'delete_expired_registrations';

/**
 * Deletes the registrations of people in no network REGISTRATION_RETENTION_MONTHS after their
 * fagdag, and writes how many per fagdag to the audit log (src/jobs/worker.ts runs it nightly).
 */
export async function deleteExpiredRegistrations(db: Db, months: number): Promise<number> {
  return db.transaction(async (trx) => {
    const deleted = await deleteExpiredOutsiders(trx, months);
    for (const { gatheringId, n } of deleted) {
      // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; one entry per fagdag
      await recordAudit(
        trx,
        {},
        {
          action: 'deleteExpiredRegistrations',
          entityType: 'gatherings',
          entityId: gatheringId,
          regionId: await regionOfGathering(trx, gatheringId),
          about: { rows: n, months },
        },
      );
    }
    return deleted.reduce((sum, d) => sum + d.n, 0);
  });
}

export const registrationTasks = (db: Db, months: number): TaskList => ({
  [DELETE_EXPIRED_REGISTRATIONS_TASK]: async (_payload, helpers) => {
    const n = await deleteExpiredRegistrations(db, months);
    if (n > 0)
      helpers.logger.info(`deleted ${n} registrations of people in no network, ${months} months after the day`);
  },
});

/** Every night at 03:10. */
export const registrationCrontab = `10 3 * * * ${DELETE_EXPIRED_REGISTRATIONS_TASK}`;
