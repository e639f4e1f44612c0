import type { TaskList } from 'graphile-worker';
import { backupToFolder } from './backup';
import type { Db } from './knex';

export const BACKUP_TASK = 'backup_database';

/** The nightly backup (the embedded default: BACKUP_AUTOMATIC), into BACKUP_DIR, keeping BACKUP_KEEP. */
export const backupTasks = (db: Db, options: { dir: string; keep: number }): TaskList => ({
  [BACKUP_TASK]: async (_payload, helpers) => {
    const backup = await backupToFolder(db, { ...options, reason: 'nightly' });
    helpers.logger.info(
      `backup written: ${backup.file} (${backup.rows} rows, ${backup.bytes} bytes, ${backup.ms} ms; removed ${backup.removed.length} older)`,
    );
  },
});

/** At 02:30 server time, every night; a night missed while no worker ran is not made up. */
export const backupCrontab = `30 2 * * * ${BACKUP_TASK}`;
