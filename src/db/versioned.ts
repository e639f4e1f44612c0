import type { Knex } from 'knex';

/** Someone saved the record after this form was read. */
export class StaleEditError extends Error {
  constructor(table: string, id: number) {
    super(`stale edit of ${table} ${id}`);
  }
}

/**
 * Updates one row only if it is still at the version the form was read at, and bumps the
 * version; otherwise throws StaleEditError so the user is told instead of overwriting.
 */
export async function updateVersioned(
  db: Knex,
  table: string,
  id: number,
  expectedVersion: number,
  changes: Record<string, unknown>,
): Promise<void> {
  const updated = await db(table)
    .where({ id, version: expectedVersion })
    .update({ ...changes, version: db.raw('version + 1'), updated_at: db.fn.now() });
  if (updated === 0) throw new StaleEditError(table, id);
}

/** Archives (or restores) a row: archived rows drop out of lists and pickers but keep their history. */
export async function setArchived(db: Knex, table: string, id: number, archived: boolean): Promise<boolean> {
  const updated = await db(table)
    .where({ id })
    .update({ archived_at: archived ? db.fn.now() : null, version: db.raw('version + 1'), updated_at: db.fn.now() });
  return updated > 0;
}
