import type { TaskList } from 'graphile-worker';
import type { Db } from '../db/knex';
import { currentYearInOslo } from '../kernel/dates';
import { sendUnitSummaries } from './unitSummaries';

export const UNIT_SUMMARIES_TASK = 'send_unit_summaries';

/** The yearly summary to each unit manager (src/jobs/worker.ts runs it): the year before, or the one asked for. */
export const mandateTasks = (db: Db, baseUrl: string): TaskList => ({
  [UNIT_SUMMARIES_TASK]: async (payload) => {
    const asked = (payload as { year?: unknown } | null)?.year;
    const year = typeof asked === 'number' ? asked : currentYearInOslo() - 1;
    await sendUnitSummaries(db, year, baseUrl);
  },
});

/** 15 January, 06:00 UTC; a worker that was down then catches up within 30 days (each unit is sent once a year). */
export const mandateCrontab = `0 6 15 1 * ${UNIT_SUMMARIES_TASK} ?fill=30d`;
