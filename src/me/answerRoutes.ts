import { findInvitation } from '../invitations/queries';
import { Router } from 'express';
import { actorOf } from '../access/auth';
import { authorize } from '../access/policy';
import { auditContext } from '../audit/record';
import type { Db } from '../db/knex';
import { myUpcomingGatherings } from '../invitations/myGatherings';
import { answerForm } from '../invitations/schema';
import { answerInvitation } from '../invitations/standIns';
import type { Config } from '../kernel/config';
import { loadById } from '../kernel/params';
import { parseForm } from '../web/forms';
import { actionLimit } from '../web/rateLimit';

/** Answering one's own invitation from Min side, as the email's buttons do. */
export function myGatheringRoutes(db: Db, config: Config): Router {
  const router = Router();
  // An answer can tell a stand-in they need not come: limited like every action that sends email.
  router.post('/me/invitations/:id/answer', actionLimit(db, 'my-answer', { limit: 20 }), async (req, res) => {
    const actor = actorOf(req);
    const invitation = await loadById(req.params, (id) => findInvitation(db, id));
    authorize(invitation.participantId === actor.id);
    const mine = (await myUpcomingGatherings(db, actor.id)).find((g) => g.invitation.id === invitation.id);
    const parsed = parseForm(answerForm, req.body);
    // Only the buttons send an answer, and only while the gathering is ahead; anything else records nothing.
    const saved = parsed.ok && mine?.open === true;
    if (saved)
      await db.transaction((trx) =>
        answerInvitation(trx, {
          invitation: { ...invitation, standsInFor: mine.invitation.standsInFor },
          answer: parsed.data.answer,
          startsAt: mine.gathering.startsAt,
          person: actor,
          mailConfig: config,
          audit: auditContext(req),
        }),
      );
    res.locals.setFlash(saved ? 'invitations.mine.saved' : 'invitations.mine.notSaved');
    res.redirect(303, `/me#gathering-${invitation.gatheringId}`);
  });
  return router;
}
