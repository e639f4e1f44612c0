import { Router, type Response } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canReadCatalogue, canSeeWhosWho, canViewNetwork, isKorusFor } from '../access/policy';
import type { Db } from '../db/knex';
import { NotFoundError } from '../kernel/errors';
import { loadById } from '../kernel/params';
import { loadNetworkFor } from '../networks/access';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { whosWho } from './people';
import {
  findRegion,
  networkProfiles,
  regionMunicipalities,
  regionOfParticipant,
  regionSectors,
  searchCatalogue,
  staleProfiles,
} from './queries';
import { catalogueQuery } from './schema';

/** The service catalogue per region (and DPS sector), who's who and the printable sheet per network. */
export function catalogueRoutes(db: Db): Router {
  const router = Router();
  const serviceTypeOptions = (res: Response) =>
    SERVICE_TYPES.map((type) => ({ value: type, label: res.locals.t(`common.serviceTypes.${type}`) }));

  // From the menu and Min side: the catalogue of one's own unit's region.
  router.get('/catalogue', async (req, res) => {
    const actor = actorOf(req);
    authorize(canReadCatalogue(actor));
    const regionId = actor.korusRegionIds[0] ?? (await regionOfParticipant(db, actor.id));
    if (regionId === undefined) throw new NotFoundError('region');
    res.redirect(303, `/regions/${regionId}/catalogue`);
  });

  router.get('/regions/:id/catalogue', async (req, res) => {
    const actor = actorOf(req);
    authorize(canReadCatalogue(actor));
    const region = await loadById(req.params, (id) => findRegion(db, id));
    const filters = catalogueQuery.parse(req.query);
    const korus = isKorusFor(actor, region.id);
    const [units, sectors, municipalities, stale] = await Promise.all([
      searchCatalogue(db, region.id, filters),
      regionSectors(db, region.id),
      regionMunicipalities(db, region.id),
      korus ? staleProfiles(db, region.id) : Promise.resolve(undefined),
    ]);
    const sector = sectors.find((s) => s.id === filters.sectorId);
    res.render('catalogue/list', {
      title: sector
        ? res.locals.t('catalogue.sectorTitle', { name: sector.name })
        : res.locals.t('catalogue.regionTitle', { name: region.name }),
      region,
      units,
      filters,
      searched: Boolean(filters.q || filters.serviceType || filters.municipality || filters.sectorId),
      stale,
      serviceTypeOptions: serviceTypeOptions(res),
      sectorOptions: sectors.map((s) => ({ value: s.id, label: s.name })),
      municipalityOptions: municipalities.map((m) => ({ value: m, label: m })),
    });
  });

  router.get('/networks/:id/whos-who', async (req, res) => {
    const network = await loadNetworkFor(db, req, canSeeWhosWho);
    const people = await whosWho(db, network.id);
    res.render('catalogue/people', {
      title: res.locals.t('catalogue.people.title', { network: network.name }),
      network,
      people,
      breadcrumbs: [{ href: `/networks/${network.id}`, label: network.name }],
    });
  });

  router.get('/networks/:id/catalogue/print', async (req, res) => {
    const network = await loadNetworkFor(db, req, canViewNetwork);
    const units = await networkProfiles(db, network.id);
    res.render('catalogue/print', {
      layout: 'print',
      title: res.locals.t('catalogue.print.title', { network: network.name }),
      network,
      units,
      now: new Date(),
    });
  });

  return router;
}
