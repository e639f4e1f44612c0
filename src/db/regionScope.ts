import type { Knex } from 'knex';

/**
 * The one way a list is limited to the regions an actor may see there, as the policy gives them
 * (`overseenRegionIds` for KORUS's lists, `managedRegionIds` for units and people): undefined
 * means every region, an empty list none. Use as `query.modify(inRegions('u.region_id', regionIds))`.
 */
export const inRegions =
  (column: string, regionIds: readonly number[] | undefined) =>
  (query: Knex.QueryBuilder): void => {
    if (regionIds !== undefined) query.whereIn(column, [...regionIds]);
  };
