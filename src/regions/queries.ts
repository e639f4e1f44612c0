import type { Db } from '../db/knex';
import { updateVersioned } from '../db/versioned';
import type { RegionForm } from './schema';
import { inRegions } from '../db/regionScope';

export interface Region {
  id: number;
  name: string;
  korusCentre: string;
  isDemo: boolean;
  archivedAt: Date | null;
  version: number;
}

const columns = [
  'id',
  'name',
  'korus_centre as korusCentre',
  'is_demo as isDemo',
  'archived_at as archivedAt',
  'version',
];

/** Regions with their counts; `regionIds` limits the list to a KORUS admin's own regions. */
export async function listRegions(db: Db, options: { includeArchived: boolean; regionIds?: number[] }) {
  const query = db('regions as r')
    .select(columns.map((c) => `r.${c}`))
    .select(
      db.raw('(select count(*) from sectors s where s.region_id = r.id and s.archived_at is null) as "sectorCount"'),
      db.raw(`(select count(*) from networks n join sectors s on s.id = n.sector_id
               where s.region_id = r.id and n.archived_at is null) as "networkCount"`),
    )
    .orderBy('r.name')
    .limit(500);
  if (!options.includeArchived) query.whereNull('r.archived_at');
  query.modify(inRegions('r.id', options.regionIds));
  return (await query) as (Region & { sectorCount: number; networkCount: number })[];
}

/** Active regions for pickers; `regionIds` limits them to those the user manages. */
export async function regionOptions(db: Db, regionIds?: number[]): Promise<{ id: number; name: string }[]> {
  const query = db('regions').select('id', 'name').whereNull('archived_at').orderBy('name').limit(500);
  return query.modify(inRegions('id', regionIds));
}

export async function findRegion(db: Db, id: number): Promise<Region | undefined> {
  return db('regions').select<Region[]>(columns).where({ id }).first();
}

export async function createRegion(db: Db, form: RegionForm): Promise<number> {
  const [row] = await db('regions').insert({ name: form.name, korus_centre: form.korusCentre }).returning('id');
  return (row as { id: number }).id;
}

export async function updateRegion(db: Db, id: number, version: number, form: RegionForm): Promise<void> {
  await updateVersioned(db, 'regions', id, version, { name: form.name, korus_centre: form.korusCentre });
}

export async function sectorsInRegion(db: Db, regionId: number) {
  return (await db('sectors as s')
    .select('s.id', 's.name', 's.health_trust as healthTrust', 's.municipalities')
    .select(
      db.raw('(select count(*) from networks n where n.sector_id = s.id and n.archived_at is null) as "networkCount"'),
    )
    .where('s.region_id', regionId)
    .whereNull('s.archived_at')
    .orderBy('s.name')
    .limit(500)) as { id: number; name: string; healthTrust: string; municipalities: string[]; networkCount: number }[];
}
