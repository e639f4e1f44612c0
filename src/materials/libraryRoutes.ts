import { Router } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canReadRegionLibrary, canViewNetwork } from '../access/policy';
import type { Db } from '../db/knex';
import { loadById } from '../kernel/params';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { loadNetworkFor } from '../networks/access';
import { findRegion } from '../regions/queries';
import { libraryOfNetwork, sharedInRegion } from './queries';
import { byTopic } from './view';

/** The libraries: a network's materials from gatherings that have been, and what KORUS shares with a region. */
export function libraryRoutes(db: Db): Router {
  const router = Router();

  router.get('/networks/:id/library', async (req, res) => {
    const network = await loadNetworkFor(db, req, canViewNetwork);
    const t = res.locals.t;
    const materials = await libraryOfNetwork(db, network.id, new Date());
    res.render('materials/library', {
      title: t('materials.library.title', { name: network.name }),
      intro: t('materials.library.intro'),
      groups: byTopic(materials, t, res.locals.lang),
      regionLink: { href: `/regions/${network.regionId}/library`, label: t('materials.library.regionLink') },
      breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  });

  router.get('/regions/:id/library', async (req, res) => {
    const region = await loadById(req.params, (id) => findRegion(db, id));
    authorize(canReadRegionLibrary(actorOf(req), region.id));
    const t = res.locals.t;
    const materials = await sharedInRegion(db, region.id);
    res.render('materials/library', {
      title: t('materials.library.regionTitle', { name: region.name }),
      intro: t('materials.library.regionIntro'),
      groups: byTopic(materials, t, res.locals.lang),
      showNetwork: true,
      breadcrumbs: [{ href: '/me', label: t('accounts.me') }],
    });
  });

  return router;
}
