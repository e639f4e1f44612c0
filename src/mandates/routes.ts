import { type Request, type Response, Router } from 'express';
import { actorOf } from '../access/auth';
import { canManageMembers } from '../access/policy';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { invitationMailOptions } from '../invitations/send';
import { tokenParams } from '../invitations/schema';
import type { Config } from '../kernel/config';
import { NotFoundError } from '../kernel/errors';
import { loadNetworkFor } from '../networks/access';
import { actionLimit } from '../web/rateLimit';
import { confirmMandate, type MandateRequest, mandateByToken } from './queries';
import { requestMandates } from './send';

/**
 * Mandates ("mandat"): the leader asks the unit managers to confirm that their people take part
 * on the unit's behalf; a manager confirms from the emailed link, without signing in.
 */
export function mandateRoutes(db: Db, config: Config): { publicRoutes: Router; leaderRoutes: Router } {
  const publicRoutes = Router();

  async function load(req: Request): Promise<MandateRequest> {
    const parsed = tokenParams.safeParse(req.params);
    const mandate = parsed.success ? await mandateByToken(db, parsed.data.token) : undefined;
    // An unknown, expired or ended one is a 404 (an expired link is asked for again by the leader).
    if (!mandate || mandate.ended || (mandate.expired && !mandate.confirmedAt)) throw new NotFoundError('mandate');
    return mandate;
  }

  function render(req: Request, res: Response, mandate: MandateRequest) {
    res.render('mandates/confirm', {
      title: res.locals.t('mandates.title', { network: mandate.networkName }),
      mandate,
      token: req.params.token,
      justConfirmed: req.query.confirmed === '1',
    });
  }

  // A GET changes nothing: mail scanners and link previews open links too.
  publicRoutes.get('/mandate/:token', async (req, res) => render(req, res, await load(req)));

  publicRoutes.post('/mandate/:token', async (req, res) => {
    const mandate = await load(req);
    const by = `${mandate.managerName || mandate.managerEmail} (${mandate.managerEmail})`;
    await db.transaction(async (trx) => {
      if (!(await confirmMandate(trx, mandate.id, by))) return;
      await recordAudit(
        trx,
        { ...auditContext(req), actorName: by },
        {
          action: 'confirmMandate',
          entityType: 'networks',
          entityId: mandate.networkId,
          regionId: mandate.regionId,
          after: { participantId: mandate.participantId, confirmedBy: by },
        },
      );
    });
    res.redirect(303, `/mandate/${String(req.params.token)}?confirmed=1`);
  });

  const leaderRoutes = Router();
  leaderRoutes.post('/networks/:id/mandates', actionLimit(db, 'mandate-request', { limit: 10 }), async (req, res) => {
    const network = await loadNetworkFor(db, req, canManageMembers);
    const actor = actorOf(req);
    const count = await db.transaction(async (trx) => {
      const options = await invitationMailOptions(trx, network, actor, config);
      const asked = await requestMandates(trx, network, options);
      if (asked > 0)
        await recordAudit(trx, auditContext(req), {
          action: 'requestMandates',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: { asked },
        });
      return asked;
    });
    res.locals.setFlash(count > 0 ? 'mandates.requested' : 'mandates.nobodyToAsk');
    res.redirect(303, `/networks/${network.id}/members`);
  });

  return { publicRoutes, leaderRoutes };
}
