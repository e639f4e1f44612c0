import type { Db } from '../db/knex';
import type { DemoRegion, DemoSector, DemoUnit } from './demoTypes';
import type { Slot } from './gatheringDates';

// What the demo's seeding steps share: the rows inserted so far and the transaction they go in.

export interface Unit {
  id: number;
  def: DemoUnit;
  regionId: number;
  nynorskShare: number;
  /** People who can be drawn into networks (never the KORUS admin). */
  people: number[];
  /** Where the next network starts drawing, so networks sharing a unit get different people. */
  cursor: number;
}

export interface Region {
  id: number;
  def: DemoRegion;
  userOrgs: Unit[];
  sectors: { id: number; def: DemoSector; units: Unit[] }[];
}

export interface Network {
  id: number;
  name: string;
  regionId: number;
  kind: 'local' | 'learning';
  units: Unit[];
  leaderId: number;
  startsOn: string;
  endsOn?: string;
  pattern: readonly Slot[];
  /** Gatherings led so far (topic and presenter rotation), and of those hosted (host rotation). */
  turn: number;
  hosted: number;
}

export interface Context {
  trx: Db;
  random: () => number;
  emails: Set<string>;
  thisYear: number;
  today: string;
}

export async function insertId(ctx: Context, table: string, row: Record<string, unknown>): Promise<number> {
  const [inserted] = (await ctx.trx(table).insert(row).returning('id')) as { id: number }[];
  return (inserted as { id: number }).id;
}
