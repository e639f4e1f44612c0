import { requestErasure } from '../accounts/personalData';
import { Router } from 'express';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { findParticipant, membershipsOfParticipant } from '../participants/queries';
import { actorOf } from '../access/auth';
import { auditContext } from '../audit/record';
import { hasCalendarToken } from '../calendar/feeds';
import { exportPersonalData } from '../accounts/personalData';
import { attendanceHistory } from '../attendance/queries';
import { gatheringTitle } from '../calendar/gatheringEvent';
import { myUpcomingGatherings } from '../invitations/myGatherings';
import { formatTime } from '../kernel/dates';
import { setSharesContactDetails, sharesContactDetails } from '../catalogue/people';
import { contactSharingForm } from '../catalogue/schema';
import { parseForm } from '../web/forms';

/** The signed-in person's own page: the gatherings ahead, their networks, attendance and profile. */
export function meRoutes(db: Db): Router {
  const router = Router();

  router.get('/me', async (req, res) => {
    const actor = actorOf(req);
    const [memberships, participant, calendar, history, upcoming, sharesContact] = await Promise.all([
      membershipsOfParticipant(db, actor.id),
      findParticipant(db, actor.id),
      hasCalendarToken(db, actor.id),
      attendanceHistory(db, actor.id),
      myUpcomingGatherings(db, actor.id),
      sharesContactDetails(db, actor.id),
    ]);
    res.render('accounts/me', {
      title: res.locals.t('accounts.me'),
      person: actor,
      erasureRequestedAt: participant?.erasureRequestedAt,
      hasCalendarToken: calendar,
      sharesContact,
      current: memberships.filter((m) => !m.endsOn),
      past: memberships.filter((m) => m.endsOn),
      history,
      upcoming: upcoming.map(({ invitation, gathering, open }) => ({
        ...invitation,
        gathering,
        open,
        title: gatheringTitle(gathering, res.locals.lang),
        timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
      })),
    });
  });

  router.get('/me/export', async (req, res) => {
    const actor = actorOf(req);
    res.attachment(`samling-mine-data-${actor.id}.json`);
    res.json(await exportPersonalData(db, actor.id));
  });

  router.post('/me/erasure-request', async (req, res) => {
    const actor = actorOf(req);
    await db.transaction(async (trx) => {
      const participant = await findParticipant(trx, actor.id);
      await requestErasure(trx, actor.id);
      await recordAudit(trx, auditContext(req), {
        action: 'erasureRequested',
        entityType: 'participants',
        entityId: actor.id,
        regionId: participant?.regionId,
      });
    });
    res.locals.setFlash('accounts.erasure.requested');
    res.redirect(303, '/me');
  });

  // Who's who (src/catalogue/): whether fellow network members see one's work email and phone.
  router.post('/me/contact-sharing', async (req, res) => {
    const actor = actorOf(req);
    const parsed = parseForm(contactSharingForm, req.body);
    const shares = parsed.ok && parsed.data.sharesContactDetails;
    await db.transaction(async (trx) => {
      if (!(await setSharesContactDetails(trx, actor.id, shares))) return;
      const participant = await findParticipant(trx, actor.id);
      await recordAudit(trx, auditContext(req), {
        action: 'changeContactSharing',
        entityType: 'participants',
        entityId: actor.id,
        regionId: participant?.regionId,
        before: { sharesContactDetails: !shares },
        after: { sharesContactDetails: shares },
      });
    });
    res.locals.setFlash('common.saved');
    res.redirect(303, '/me');
  });

  return router;
}
