import type { Knex } from 'knex';

/** Someone saved the record after this form was read. */
export class StaleEditError extends Error {
  constructor(table: string, key: number | Record<string, unknown>) {
    super(`stale edit of ${table} ${JSON.stringify(key)}`);
  }
}

/**
 * The one optimistic lock: updates one row (by id, or by the columns of its key) only if it is
 * still at the version the form was read at, and bumps the version; otherwise throws
 * StaleEditError, which `submitForm` answers with 409 and the form again, so the user is told
 * instead of overwriting. Inside `submitForm`'s transaction nothing of the save is written.
 */
export async function updateVersioned(
  db: Knex,
  table: string,
  key: number | Record<string, unknown>,
  expectedVersion: number,
  changes: Record<string, unknown>,
): Promise<void> {
  const updated = await db(table)
    .where({ ...(typeof key === 'number' ? { id: key } : key), version: expectedVersion })
    .update({ ...changes, version: db.raw('version + 1'), updated_at: db.fn.now() });
  if (updated === 0) throw new StaleEditError(table, key);
}

/** Archives (or restores) a row: archived rows drop out of lists and pickers but keep their history. */
export async function setArchived(db: Knex, table: string, id: number, archived: boolean): Promise<boolean> {
  const updated = await db(table)
    .where({ id })
    .update({ archived_at: archived ? db.fn.now() : null, version: db.raw('version + 1'), updated_at: db.fn.now() });
  return updated > 0;
}
