import { Router } from 'express';
import { auditQuery, ENTITY_TYPES } from './schema';
import { entriesQuery } from './queries';
import { authorize, isKorusAdmin, overseenRegionIds } from '../access/policy';
import type { Db } from '../db/knex';
import { regionOptions } from '../regions/queries';
import { actorOf } from '../access/auth';
import { paginate } from '../kernel/pagination';
import type { Reader } from './changeLines';
import { resolveNames } from './names';
import { referencesOf } from '../audit/references';
import { describeEntry, gatheringPhrase } from './sentences';

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
