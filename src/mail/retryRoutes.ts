import { loadNetworkFor } from '../networks/access';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { yearQuery } from '../kernel/fields';
import { auditContext } from '../audit/record';
import { Router } from 'express';
import { authorize, canManageMembers, canSeeMailLog } from '../access/policy';
import { actorOf } from '../access/auth';
import { byActor, actionLimit } from '../web/rateLimit';
import { logMail, networkMail, retryQueuedNow } from './queueState';

// Per person, whatever the network: a retry moves jobs, it queues nothing new.

/**
 * "Retry now" for mail waiting on a mail server that refused it: its next attempt is made due at
 * once instead of up to two minutes later. A network's leader (and KORUS for its region) from the
 * send page, for the network's mail; whoever reads the mail log, for the mail it shows them.
 */
export function mailRetryRoutes(db: Db): Router {
  const router = Router();
  router.post(
    '/networks/:id/emails/retry-now',
    actionLimit(db, 'retry-network', { limit: 10, key: byActor }),
    async (req, res) => {
      const network = await loadNetworkFor(db, req, canManageMembers);
      const messages = await db.transaction(async (trx) => {
        const retried = (await retryQueuedNow(trx, networkMail(network.id))).reduce((sum, r) => sum + r.messages, 0);
        await recordAudit(trx, auditContext(req), {
          action: 'retryQueue',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: { messages: retried },
        });
        return retried;
      });
      res.locals.setFlash(messages > 0 ? 'mail.refusal.retried' : 'mail.refusal.nothingWaiting');
      const { year } = yearQuery.parse(req.body);
      res.redirect(303, `/networks/${network.id}/plan/send${year ? `?year=${year}` : ''}`);
    },
  );

  router.post('/emails/retry-now', actionLimit(db, 'retry-log', { limit: 10, key: byActor }), async (req, res) => {
    const actor = actorOf(req);
    authorize(canSeeMailLog(actor));
    const messages = await db.transaction(async (trx) => {
      const retried = await retryQueuedNow(trx, logMail(actor));
      // One entry per region whose mail was made due, so that region's KORUS admins see it.
      const entries = retried.length > 0 ? retried : [{ regionId: null, messages: 0 }];
      await Promise.all(
        entries.map((entry) =>
          recordAudit(trx, auditContext(req), {
            action: 'retryQueue',
            entityType: 'outgoing_emails',
            regionId: entry.regionId ?? undefined,
            after: { messages: entry.messages },
          }),
        ),
      );
      return retried.reduce((sum, r) => sum + r.messages, 0);
    });
    res.locals.setFlash(messages > 0 ? 'mail.refusal.retried' : 'mail.refusal.nothingWaiting');
    res.redirect(303, '/emails');
  });
  return router;
}
