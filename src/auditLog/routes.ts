import { Router } from 'express';
import { z } from 'zod';
import { authorize, isKorusAdmin, overseenRegionIds } from '../access/policy';
import type { Db } from '../db/knex';
import { likePattern } from '../db/likePattern';
import { regionOptions } from '../regions/queries';
import { actorOf } from '../access/auth';
import { date, id, page, searchText } from '../kernel/fields';
import { PAGE_SIZE, paginate } from '../kernel/pagination';
import type { Reader } from './changeLines';
import { resolveNames } from './names';
import { type AuditEntry, referencesOf } from '../audit/references';
import { describeEntry, gatheringPhrase } from './sentences';
import { inRegions } from '../db/regionScope';

export const ENTITY_TYPES = [
  'regions',
  'sectors',
  'networks',
  'units',
  'participants',
  'gatherings',
  'sector_indicators',
  'overview',
] as const;

const auditQuery = z.object({
  regionId: id().optional().catch(undefined),
  entityType: z.enum(ENTITY_TYPES).optional().catch(undefined),
  gathering: id().optional().catch(undefined),
  actor: searchText().transform((text) => text || undefined),
  from: date().optional().catch(undefined),
  to: date().optional().catch(undefined),
  page: page(),
});
type AuditQuery = z.infer<typeof auditQuery>;

type Row = AuditEntry & { id: number; createdAt: Date; regionName: string | null; total: number };

/** The audit log for KORUS admins: who changed what and when, in their regions, each entry as a sentence. */
export function auditRoutes(db: Db): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const actor = actorOf(req);
    authorize(isKorusAdmin(actor));
    const filters = auditQuery.parse(req.query);
    const [rows, regions] = await Promise.all([
      entriesQuery(db, filters, overseenRegionIds(actor)),
      regionOptions(db, overseenRegionIds(actor)),
    ]);
    const references = referencesOf(rows);
    if (filters.gathering) references.gatherings.add(filters.gathering);
    const reader: Reader = { t: res.locals.t, language: res.locals.lang, names: await resolveNames(db, references) };
    res.render('audit/list', {
      title: res.locals.t('audit.title'),
      entries: rows.map((row) => ({ ...row, ...describeEntry(row, reader) })),
      filters,
      gathering: filters.gathering ? gatheringPhrase(filters.gathering, reader) : undefined,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      entityTypeOptions: ENTITY_TYPES.map((type) => ({
        value: type,
        label: res.locals.t(`audit.entityTypes.${type}`),
      })),
      pagination: paginate({
        path: '/audit',
        query: {
          regionId: filters.regionId?.toString(),
          entityType: filters.entityType,
          gathering: filters.gathering?.toString(),
          actor: filters.actor,
          from: filters.from,
          to: filters.to,
        },
        page: filters.page,
        total: rows[0]?.total ?? 0,
      }),
    });
  });
  return router;
}

/** One page of entries, newest first, in the given regions (all when undefined). */
function entriesQuery(db: Db, filters: AuditQuery, regionIds: number[] | undefined): Promise<Row[]> {
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
