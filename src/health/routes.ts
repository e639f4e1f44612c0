import { Router } from 'express';
import type { Db } from '../db/knex';

/** GET /healthz: 200 when the app and its database answer, 503 when the database does not. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const database = await db
      .raw('select 1')
      .timeout(2000, { cancel: true })
      .then(() => 'ok' as const)
      .catch(() => 'unavailable' as const);
    res
      .status(database === 'ok' ? 200 : 503)
      .json({ status: database === 'ok' ? 'ok' : 'degraded', app: 'ok', database });
  });
  return router;
}
