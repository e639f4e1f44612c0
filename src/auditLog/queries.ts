import type { AuditEntry } from '../audit/references';
import type { Db } from '../db/knex';
import { likePattern } from '../db/likePattern';
import { inRegions } from '../db/regionScope';
import { PAGE_SIZE } from '../kernel/pagination';
import type { AuditQuery } from './schema';

export type Row = AuditEntry & { id: number; createdAt: Date; regionName: string | null; total: number };

/** One page of entries, newest first, in the given regions (all when undefined). */
export function entriesQuery(db: Db, filters: AuditQuery, regionIds: number[] | undefined): Promise<Row[]> {
  const query = db('audit_log as a')
    .leftJoin('regions as r', 'r.id', 'a.region_id')
    .select(
      'a.id',
      'a.created_at as createdAt',
      'a.actor_id as actorId',
      'a.actor_name as actorName',
      'a.action',
      'a.entity_type as entityType',
      'a.entity_id as entityId',
      'a.changes',
      'r.name as regionName',
    )
    .select(db.raw('count(*) over () as total'))
    .orderBy('a.id', 'desc')
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE);
  query.modify(inRegions('a.region_id', regionIds));
  if (filters.regionId) query.where('a.region_id', filters.regionId);
  if (filters.entityType) query.where('a.entity_type', filters.entityType);
  // Served by the index on (entity_type, entity_id).
  if (filters.gathering) query.where({ 'a.entity_type': 'gatherings', 'a.entity_id': filters.gathering });
  if (filters.actor) query.whereILike('a.actor_name', likePattern(filters.actor));
  if (filters.from) query.where('a.created_at', '>=', filters.from);
  if (filters.to) query.whereRaw('a.created_at < (?::date + 1)', [filters.to]);
  return query as unknown as Promise<Row[]>;
}
