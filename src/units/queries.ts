import type { Db } from '../db/knex';
import { likePattern } from '../db/likePattern';
import { updateVersioned } from '../db/versioned';
import { PAGE_SIZE } from '../kernel/pagination';
import type { UnitForm, UnitListQuery } from './schema';
import { inRegions } from '../db/regionScope';

export interface Unit {
  id: number;
  regionId: number;
  regionName: string;
  organisation: string;
  name: string;
  serviceType: string;
  address: string;
  canHost: boolean;
  managerName: string;
  managerEmail: string;
  archivedAt: Date | null;
  version: number;
}

const columns = [
  'u.id',
  'u.region_id as regionId',
  'r.name as regionName',
  'u.organisation',
  'u.name',
  'u.service_type as serviceType',
  'u.address',
  'u.can_host as canHost',
  'u.manager_name as managerName',
  'u.manager_email as managerEmail',
  'u.archived_at as archivedAt',
  'u.version',
];

/** A page of units matching the filters, within `regionIds` (undefined: every region). */
export async function listUnits(
  db: Db,
  filters: UnitListQuery,
  regionIds?: number[],
): Promise<{ rows: (Unit & { participantCount: number })[]; total: number }> {
  const query = db('units as u')
    .join('regions as r', 'r.id', 'u.region_id')
    .select(columns)
    .select(
      db.raw(
        '(select count(*) from participants p where p.unit_id = u.id and p.archived_at is null) as "participantCount"',
      ),
    )
    .select(db.raw('count(*) over () as total'))
    .orderBy(['u.organisation', 'u.name'])
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE);
  if (filters.q)
    query.where((w) =>
      w.whereILike('u.name', likePattern(filters.q)).orWhereILike('u.organisation', likePattern(filters.q)),
    );
  if (filters.regionId) query.where('u.region_id', filters.regionId);
  if (filters.serviceType) query.where('u.service_type', filters.serviceType);
  if (!filters.archived) query.whereNull('u.archived_at');
  query.modify(inRegions('u.region_id', regionIds));
  const rows = (await query) as (Unit & { participantCount: number; total: number })[];
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function findUnit(db: Db, id: number): Promise<Unit | undefined> {
  return db('units as u').join('regions as r', 'r.id', 'u.region_id').select(columns).where('u.id', id).first();
}

/** Active units with their region, for pickers, within `regionIds` (undefined: every region). */
/** Units to choose from: those of `regionIds` (undefined: every region), and `alsoUnitId` (a person's own unit) whatever its region. */
export async function unitOptions(db: Db, regionIds?: number[], alsoUnitId?: number) {
  const query = db('units as u')
    .join('regions as r', 'r.id', 'u.region_id')
    .select('u.id', 'u.name', 'u.organisation', 'r.name as regionName', 'u.region_id as regionId')
    .orderBy(['r.name', 'u.organisation', 'u.name'])
    .limit(5000);
  query.where((w) => w.whereNull('u.archived_at').modify(inRegions('u.region_id', regionIds)));
  if (alsoUnitId !== undefined) query.orWhere('u.id', alsoUnitId);
  return (await query) as { id: number; name: string; organisation: string; regionName: string; regionId: number }[];
}

function toRow(form: UnitForm) {
  return {
    region_id: form.regionId,
    organisation: form.organisation,
    name: form.name,
    service_type: form.serviceType,
    address: form.address,
    can_host: form.canHost,
    manager_name: form.managerName,
    manager_email: form.managerEmail,
  };
}

export async function createUnit(db: Db, form: UnitForm): Promise<number> {
  const [row] = await db('units').insert(toRow(form)).returning('id');
  return (row as { id: number }).id;
}

export async function updateUnit(db: Db, id: number, version: number, form: UnitForm): Promise<void> {
  await updateVersioned(db, 'units', id, version, toRow(form));
}

/** The networks a unit is a current member of. */
export async function networksOfUnit(db: Db, unitId: number) {
  return (await db('network_units as nu')
    .join('networks as n', 'n.id', 'nu.network_id')
    .select('n.id', 'n.name', 'nu.joined_on as joinedOn')
    .where('nu.unit_id', unitId)
    .whereNull('nu.left_on')
    .orderBy('n.name')
    .limit(500)) as { id: number; name: string; joinedOn: string }[];
}

export async function participantsOfUnit(db: Db, unitId: number) {
  return await db('participants')
    .select('id', 'name', 'profession')
    .where({ unit_id: unitId })
    .whereNull('archived_at')
    .orderBy('name')
    .limit(1000);
}

/** Units by id, with what names them ("organisation – name"): a gathering's host and presenters. */
export async function unitsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db('units').whereIn('id', ids).select('id', 'organisation', 'name').limit(ids.length);
}
