import type { Response } from 'express';
import type { Network } from './queries';

/** Regions › region › sector: the trail above every page of a network. */
export function networkBreadcrumbs(res: Response, network: Network) {
  return [
    { href: '/regions', label: res.locals.t('regions.title') },
    { href: `/regions/${network.regionId}`, label: network.regionName },
    { href: `/sectors/${network.sectorId}`, label: network.sectorName },
  ];
}
