import type { Db } from '../db/knex';
import { updateVersioned } from '../db/versioned';
import type { NetworkForm } from './schema';

export interface Network {
  id: number;
  sectorId: number;
  sectorName: string;
  regionId: number;
  regionName: string;
  name: string;
  kind: 'local' | 'learning';
  status: 'planned' | 'active' | 'ended';
  startsOn: string | null;
  endsOn: string | null;
  description: string;
  archivedAt: Date | null;
  version: number;
}

const networkQuery = (db: Db) =>
  db('networks as n')
    .join('sectors as s', 's.id', 'n.sector_id')
    .join('regions as r', 'r.id', 's.region_id')
    .select(
      'n.id',
      'n.sector_id as sectorId',
      's.name as sectorName',
      'r.id as regionId',
      'r.name as regionName',
      'n.name',
      'n.kind',
      'n.status',
      'n.starts_on as startsOn',
      'n.ends_on as endsOn',
      'n.description',
      'n.archived_at as archivedAt',
      'n.version',
    );

export async function findNetwork(db: Db, id: number): Promise<Network | undefined> {
  return networkQuery(db).where('n.id', id).first();
}

/** Several networks by id in one query (a joint fagdag's, a person's), in id order. */
export async function findNetworks(db: Db, ids: number[]): Promise<Network[]> {
  if (ids.length === 0) return [];
  return networkQuery(db).whereIn('n.id', ids).orderBy('n.id').limit(ids.length);
}

function toRow(form: NetworkForm) {
  return {
    sector_id: form.sectorId,
    name: form.name,
    kind: form.kind,
    status: form.status,
    starts_on: form.startsOn ?? null,
    ends_on: form.endsOn ?? null,
    description: form.description,
  };
}

export async function createNetwork(db: Db, form: NetworkForm): Promise<number> {
  const [row] = await db('networks').insert(toRow(form)).returning('id');
  return (row as { id: number }).id;
}

export async function updateNetwork(db: Db, id: number, version: number, form: NetworkForm): Promise<void> {
  await updateVersioned(db, 'networks', id, version, toRow(form));
}
