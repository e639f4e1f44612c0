import { NotFoundError } from '../kernel/errors';
import type { Request } from 'express';
import { z } from 'zod';
import { authorize, isKorusAdmin, isKorusFor, overseenRegionIds } from '../access/policy';
import type { Db } from '../db/knex';
import { regionOptions } from './queries';
import { actorOf } from '../access/auth';
import { id, yearOrThisYear } from '../kernel/fields';

/**
 * The region a KORUS page is about: the one asked for (which the admin must oversee, else 403),
 * or the admin's first region by name. Also gives the admin's regions for a picker. One query.
 */
export async function chooseRegion(db: Db, req: Request, asked: number | undefined) {
  const actor = actorOf(req);
  authorize(isKorusAdmin(actor));
  if (asked !== undefined) authorize(isKorusFor(actor, asked));
  const regions = await regionOptions(db, overseenRegionIds(actor));
  const region = regions.find((r) => r.id === (asked ?? regions[0]?.id));
  if (!region) throw new NotFoundError('no region');
  return { region, regions };
}

/** A region and a year, for the indicators page and the annual report; the region defaults to the admin's first. */
export const regionYearQuery = z.object({
  year: yearOrThisYear(),
  region: id().optional().catch(undefined),
});
