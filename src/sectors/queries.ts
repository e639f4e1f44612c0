import type { Db } from '../db/knex';
import { updateVersioned } from '../db/versioned';
import type { SectorForm } from './schema';
import { inRegions } from '../db/regionScope';

export interface Sector {
  id: number;
  regionId: number;
  regionName: string;
  name: string;
  healthTrust: string;
  municipalities: string[];
  archivedAt: Date | null;
  version: number;
}

export async function findSector(db: Db, id: number): Promise<Sector | undefined> {
  return db('sectors as s')
    .join('regions as r', 'r.id', 's.region_id')
    .select(
      's.id',
      's.region_id as regionId',
      'r.name as regionName',
      's.name',
      's.health_trust as healthTrust',
      's.municipalities',
      's.archived_at as archivedAt',
      's.version',
    )
    .where('s.id', id)
    .first();
}

/** Active sectors with their region, for pickers; `regionIds` limits them to those the user manages. */
export async function sectorOptions(db: Db, regionIds?: number[]) {
  const query = db('sectors as s')
    .join('regions as r', 'r.id', 's.region_id')
    .select('s.id', 's.name', 'r.name as regionName')
    .whereNull('s.archived_at')
    .whereNull('r.archived_at')
    .orderBy(['r.name', 's.name'])
    .limit(2000);
  query.modify(inRegions('s.region_id', regionIds));
  return (await query) as { id: number; name: string; regionName: string }[];
}

function toRow(form: SectorForm) {
  return {
    region_id: form.regionId,
    name: form.name,
    health_trust: form.healthTrust,
    municipalities: form.municipalities,
  };
}

export async function createSector(db: Db, form: SectorForm): Promise<number> {
  const [row] = await db('sectors').insert(toRow(form)).returning('id');
  return (row as { id: number }).id;
}

export async function updateSector(db: Db, id: number, version: number, form: SectorForm): Promise<void> {
  await updateVersioned(db, 'sectors', id, version, toRow(form));
}

/** A sector's networks with their current leader and member count, in one query. */
export async function networksInSector(db: Db, sectorId: number) {
  return (await db('networks as n')
    .leftJoin('memberships as lm', (join) => {
      join.on('lm.network_id', 'n.id').andOnVal('lm.role', 'leader').andOnNull('lm.ends_on');
    })
    .leftJoin('participants as lp', 'lp.id', 'lm.participant_id')
    .select('n.id', 'n.name', 'n.kind', 'n.status', 'lp.name as leaderName')
    .select(
      db.raw('(select count(*) from memberships m where m.network_id = n.id and m.ends_on is null) as "memberCount"'),
    )
    .where('n.sector_id', sectorId)
    .whereNull('n.archived_at')
    .orderBy('n.name')
    .limit(500)) as {
    id: number;
    name: string;
    kind: string;
    status: string;
    leaderName: string | null;
    memberCount: number;
  }[];
}
