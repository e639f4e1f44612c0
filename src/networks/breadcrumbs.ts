import type { Request, Response } from 'express';
import { canManageRegion } from '../access/policy';
import { actorOf } from '../access/auth';
import type { Network } from './queries';

/** The trail above every page of a network: Regions › region › sector for KORUS, My page for members. */
export function networkBreadcrumbs(req: Request, res: Response, network: Network) {
  const t = res.locals.t;
  if (!canManageRegion(actorOf(req), network.regionId)) return [{ href: '/me', label: t('accounts.me') }];
  return [
    { href: '/regions', label: t('regions.title') },
    { href: `/regions/${network.regionId}`, label: network.regionName },
    { href: `/sectors/${network.sectorId}`, label: network.sectorName },
  ];
}
