import { emailLogPage, findEmail, STATUSES } from './queries';
import { loadNetworkFor } from '../networks/access';
import { Router } from 'express';
import { z } from 'zod';
import { authorize, canManageMembers, canSeeMailLog, isKorusFor } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { actorOf } from '../access/auth';
import { id, page } from '../kernel/fields';
import { paginate } from '../kernel/pagination';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { resendAllFailed, resendFailed } from './outbox';
import { logMail, serverRefusal } from './queueState';
import { byActor, actionLimit } from '../web/rateLimit';

const logQuery = z.object({
  status: z.enum(STATUSES).optional().catch(undefined),
  network: id().optional().catch(undefined),
  page: page(),
});

/**
 * What was sent to whom, and its state: KORUS admins see their regions' mail, network leaders
 * their networks' mail. The body is never shown (sign-in links are not kept).
 */
export function emailLogRoutes(db: Db): Router {
  const router = Router();
  router.get('/emails', async (req, res) => {
    const actor = actorOf(req);
    authorize(canSeeMailLog(actor));
    const filters = logQuery.parse(req.query);
    const [rows, refusal] = await Promise.all([
      emailLogPage(db, logMail(actor, 'e'), filters),
      serverRefusal(db, logMail(actor)),
    ]);
    res.render('mail/log', {
      title: res.locals.t('mail.log.title'),
      emails: rows,
      refusal,
      filters,
      statusOptions: STATUSES.map((status) => ({ value: status, label: res.locals.t(`mail.statuses.${status}`) })),
      pagination: paginate({
        path: '/emails',
        query: { status: filters.status, network: filters.network?.toString() },
        page: filters.page,
        total: rows[0]?.total ?? 0,
      }),
    });
  });
  router.post('/emails/:id/resend', actionLimit(db, 'resend', { limit: 60, key: byActor }), async (req, res) => {
    const actor = actorOf(req);
    const email = await loadById(req.params, (id) => findEmail(db, id));
    authorize(
      (email.regionId !== null && isKorusFor(actor, email.regionId)) ||
        (email.networkId !== null && actor.networks.get(email.networkId)?.role === 'leader'),
    );
    await db.transaction((trx) => resendFailed(trx, email.id));
    res.locals.setFlash('mail.log.resent');
    res.redirect(303, `/emails?status=failed${email.networkId ? `&network=${email.networkId}` : ''}`);
  });
  router.post(
    '/networks/:id/emails/resend-failed',
    actionLimit(db, 'resend-all', { limit: 10, key: byActor }),
    async (req, res) => {
      const network = await loadNetworkFor(db, req, canManageMembers);
      const count = await db.transaction(async (trx) => {
        const queued = await resendAllFailed(trx, network.id);
        await recordAudit(trx, auditContext(req), {
          action: 'resendFailed',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: { queued },
        });
        return queued;
      });
      res.locals.setFlash(count > 0 ? 'mail.log.resentAll' : 'mail.log.noneFailed');
      res.redirect(303, `/emails?network=${network.id}`);
    },
  );

  return router;
}
