import type { Db } from '../db/knex';
import { TIME_ZONE, yearRange } from '../kernel/dates';

/** A region's year for KORUS: its networks, their gatherings (a joint fagdag once per network), and the units that can host. */
export async function regionYear(db: Db, regionId: number, year: number) {
  const { from, to } = yearRange(year);
  const [networks, rows, hosts] = await Promise.all([
    db('networks as n')
      .join('sectors as s', 's.id', 'n.sector_id')
      .where('s.region_id', regionId)
      .whereNull('n.archived_at')
      .orderBy(['s.name', 'n.name'])
      .select('n.id', 'n.name', 's.id as sectorId', 's.name as sectorName')
      .limit(500),
    db('gatherings as g')
      .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
      .join('networks as n', 'n.id', 'gn.network_id')
      .join('sectors as s', 's.id', 'n.sector_id')
      .leftJoin('units as hu', 'hu.id', 'g.host_unit_id')
      .where('s.region_id', regionId)
      .whereNot('g.status', 'cancelled')
      .where('g.starts_at', '>=', from)
      .where('g.starts_at', '<', to)
      .orderBy('g.starts_at')
      .select(
        'g.id',
        'g.starts_at as startsAt',
        'g.format',
        'g.kind',
        'g.status',
        'g.host_unit_id as hostUnitId',
        'hu.name as hostName',
        'gn.network_id as networkId',
        's.id as sectorId',
        db.raw(`to_char(g.starts_at at time zone '${TIME_ZONE}', 'YYYY-MM-DD') as date`),
      )
      .limit(5000),
    db('units')
      .where({ region_id: regionId, can_host: true })
      .whereNull('archived_at')
      .orderBy(['organisation', 'name'])
      .select('id', 'organisation', 'name')
      .limit(2000),
  ]);
  return { networks, rows, hosts };
}

/** Whether every network named is one of the region's. */
export async function allInRegion(db: Db, regionId: number, networkIds: number[]): Promise<boolean> {
  const found = await db('networks as n')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('s.region_id', regionId)
    .whereIn('n.id', networkIds)
    .pluck('n.id');
  return found.length === networkIds.length;
}

/** Whether the unit is one of the region's and can host. */
export async function canHostInRegion(db: Db, regionId: number, unitId: number): Promise<boolean> {
  return (await db('units').where({ id: unitId, region_id: regionId, can_host: true }).first('id')) !== undefined;
}
