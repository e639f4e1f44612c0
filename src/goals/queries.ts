import { createHash } from 'node:crypto';
import type { Db } from '../db/knex';
import { StaleEditError } from '../db/versioned';

/** A fingerprint of the goals as shown in a form: saving checks them unchanged since (a stale edit otherwise). */
export const goalsDigest = (goals: string[]) =>
  createHash('sha256').update(JSON.stringify(goals)).digest('hex').slice(0, 16);

/** A network's goals for a year, in its order. */
export async function goalsOf(db: Db, networkId: number, year: number): Promise<string[]> {
  return db('network_goals')
    .where({ network_id: networkId, year })
    .orderBy('position')
    .limit(5)
    .pluck('text') as Promise<string[]>;
}

/** The goals of each of these networks for a year, in one query (every id given gets a list). */
export async function goalsByNetwork(db: Db, networkIds: number[], year: number): Promise<Map<number, string[]>> {
  const goals = new Map(networkIds.map((id) => [id, [] as string[]]));
  if (networkIds.length === 0) return goals;
  const rows = await db('network_goals')
    .whereIn('network_id', networkIds)
    .andWhere({ year })
    .orderBy(['network_id', 'position'])
    .limit(networkIds.length * 5)
    .select('network_id', 'text');
  for (const row of rows) goals.get(row.network_id)?.push(row.text);
  return goals;
}

/**
 * Replaces a network's goals for a year, in the caller's transaction, if they are still those the
 * form was read with (`loaded`, a goalsDigest); otherwise StaleEditError and nothing written. The
 * network's row is locked, so two saves at once are taken one after the other.
 */
export async function saveGoals(
  trx: Db,
  networkId: number,
  year: number,
  goals: string[],
  loaded: string,
): Promise<string[]> {
  await trx('networks').where({ id: networkId }).forUpdate().first('id');
  const before = await goalsOf(trx, networkId, year);
  if (goalsDigest(before) !== loaded) throw new StaleEditError('network_goals', { network_id: networkId, year });
  await trx('network_goals').where({ network_id: networkId, year }).delete();
  if (goals.length > 0)
    await trx('network_goals').insert(goals.map((text, i) => ({ network_id: networkId, year, position: i + 1, text })));
  return before;
}
