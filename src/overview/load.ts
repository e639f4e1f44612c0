import { yearRange } from '../kernel/dates';
import type { Request } from 'express';
import { authorize, isKorusAdmin } from '../access/policy';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { sectorIndicators, type SectorIndicators } from '../indicators/queries';
import { actorOf } from '../access/auth';
import { networkFigures, overviewScope, type NetworkWithFigures } from './queries';
import { overviewQuery, type OverviewQuery } from './schema';

/**
 * The overview a KORUS admin asked for (the page and its CSV): the filters from the query string,
 * the networks with their figures and the sectors' indicators, and the cache key of the scope.
 */
export async function loadOverview(
  db: Db,
  reads: CachedReads,
  req: Request,
): Promise<{ filters: OverviewQuery; key: string; networks: NetworkWithFigures[]; indicators: SectorIndicators[] }> {
  const actor = actorOf(req);
  authorize(isKorusAdmin(actor));
  const filters = overviewQuery.parse(req.query);
  const scope = overviewScope(actor, filters);
  // The networks' facts and, in one more query, the sectors' regional indicators for the year;
  // the same for every KORUS admin with this scope until the data changes.
  const key = JSON.stringify([scope, filters.year]);
  const [networks, indicators] = await reads.get(`overview:${key}`, () =>
    Promise.all([
      networkFigures(db, scope, yearRange(filters.year), filters.year),
      sectorIndicators(db, scope, filters.year),
    ]),
  );
  return { filters, key, indicators, networks };
}
