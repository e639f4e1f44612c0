import { Router } from 'express';
import type { Db } from '../db/knex';
import { membershipsOfParticipant } from '../participants/queries';
import { actorOf } from '../web/auth';

/** The signed-in person's own page: their networks and their profile. */
export function meRoutes(db: Db): Router {
  const router = Router();

  router.get('/me', async (req, res) => {
    const actor = actorOf(req);
    const memberships = await membershipsOfParticipant(db, actor.id);
    res.render('accounts/me', {
      title: res.locals.t('accounts.me'),
      person: actor,
      current: memberships.filter((m) => !m.endsOn),
      past: memberships.filter((m) => m.endsOn),
    });
  });

  return router;
}
