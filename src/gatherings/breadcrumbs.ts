import type { Request, Response } from 'express';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import type { Network } from '../networks/queries';
import { formatDate } from '../kernel/dates';

/** The trail above every page about one gathering: …› the network › the gathering's own page. */
export function gatheringBreadcrumbs(
  req: Request,
  res: Response,
  gathering: { id: number; startsAt: Date },
  network: Network,
) {
  return [
    ...networkBreadcrumbs(req, res, network),
    { href: `/networks/${network.id}`, label: network.name },
    { href: `/gatherings/${gathering.id}`, label: formatDate(gathering.startsAt, res.locals.lang) },
  ];
}
