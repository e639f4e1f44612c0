import type { Db } from '../db/knex';
import type { IndicatorForm } from './schema';
import { StaleEditError, updateVersioned } from '../db/versioned';
import { inRegions } from '../db/regionScope';

// Helse Vest's regional indicators per DPS sector and year (table `sector_indicators`): an
// established collaboration arena, and optionally the number of patients with a crisis plan and
// the number of FACT teams. Counts only, never patients.

export interface SectorIndicators {
  sectorId: number;
  sectorName: string;
  regionId: number;
  regionName: string;
  /** Null when nothing is registered for the year. */
  hasCollaborationArena: boolean | null;
  crisisPlanPatients: number | null;
  factTeams: number | null;
  /** 0 when nothing is registered for the year. */
  version: number;
}

/** The active sectors in scope with their values for the year, in one query. */
export async function sectorIndicators(
  db: Db,
  scope: { regionIds?: number[]; regionId?: number; sectorId?: number },
  year: number,
): Promise<SectorIndicators[]> {
  const query = db('sectors as s')
    .join('regions as r', 'r.id', 's.region_id')
    .leftJoin('sector_indicators as si', (join) =>
      join.on('si.sector_id', 's.id').andOn('si.year', db.raw('?', [year])),
    )
    .whereNull('s.archived_at')
    .select(
      's.id as sectorId',
      's.name as sectorName',
      'r.id as regionId',
      'r.name as regionName',
      'si.has_collaboration_arena as hasCollaborationArena',
      'si.crisis_plan_patients as crisisPlanPatients',
      'si.fact_teams as factTeams',
      db.raw('coalesce(si.version, 0) as version'),
    )
    .orderBy(['r.name', 's.name'])
    .limit(2000);
  query.modify(inRegions('r.id', scope.regionIds));
  if (scope.regionId) query.where('r.id', scope.regionId);
  if (scope.sectorId) query.where('s.id', scope.sectorId);
  return (await query) as SectorIndicators[];
}

/** The sector's row for the year as the audit log shows it, or undefined. */
export async function findIndicators(db: Db, sectorId: number, year: number) {
  const row = await db('sector_indicators').where({ sector_id: sectorId, year }).first();
  return row
    ? {
        year,
        hasCollaborationArena: row.has_collaboration_arena as boolean,
        crisisPlanPatients: row.crisis_plan_patients as number | null,
        factTeams: row.fact_teams as number | null,
      }
    : undefined;
}

/**
 * Inserts the year's values (version 0: the form saw none) or updates them at the version the
 * form was read at. Either way, a row changed or created by someone else meanwhile is a stale edit.
 */
export async function saveIndicators(db: Db, sectorId: number, form: IndicatorForm): Promise<void> {
  const values = {
    has_collaboration_arena: form.hasCollaborationArena,
    crisis_plan_patients: form.crisisPlanPatients,
    fact_teams: form.factTeams,
  };
  if (form.version === 0) {
    const inserted = await db('sector_indicators')
      .insert({ sector_id: sectorId, year: form.year, ...values })
      .onConflict(['sector_id', 'year'])
      .ignore()
      .returning('sector_id');
    if (inserted.length === 0) throw new StaleEditError('sector_indicators', sectorId);
    return;
  }
  await updateVersioned(db, 'sector_indicators', { sector_id: sectorId, year: form.year }, form.version, values);
}
