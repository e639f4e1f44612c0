import { Router } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canManageRegion } from '../access/policy';
import { lateAgendas } from '../agenda/queries';
import type { Db } from '../db/knex';
import { loadById } from '../kernel/params';
import { findRegion, sectorsInRegion } from '../regions/queries';

/** The region's page (GET /regions/:id) for its KORUS admins: its sectors and the agendas that are late. */
export function regionPageRoutes(db: Db): Router {
  const router = Router();
  router.get('/regions/:id', async (req, res) => {
    const region = await loadById(req.params, (id) => findRegion(db, id));
    authorize(canManageRegion(actorOf(req), region.id));
    const [sectors, late] = await Promise.all([
      sectorsInRegion(db, region.id),
      lateAgendas(db, { regionId: region.id }),
    ]);
    res.render('regions/show', {
      title: region.name,
      region,
      sectors,
      late,
      breadcrumbs: [{ href: '/regions', label: res.locals.t('regions.title') }],
    });
  });
  return router;
}
