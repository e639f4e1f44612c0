import { Router } from 'express';
import type { Db } from '../db/knex';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import { loadGatheringFor } from '../gatherings/access';
import { formatDate, formatDateTime, formatTime } from '../kernel/dates';
import { repliesOf } from './queries';

/** The leader's list of calendar answers received for a gathering: what was recorded, proposed or refused, and why. */
export function calendarReplyRoutes(db: Db): Router {
  const router = Router();
  router.get('/gatherings/:id/calendar-replies', async (req, res) => {
    // Who may edit the gathering sees its answers (the edit page lists them too).
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    const t = res.locals.t;
    const replies = await repliesOf(db, gathering.id);
    res.render('calendarReplies/list', {
      title: t('replies.title', { date: formatDate(gathering.startsAt, res.locals.lang) }),
      gathering,
      replies: replies.map((r) => ({
        ...r,
        who: r.name ?? r.attendeeEmail,
        what:
          r.method === 'COUNTER'
            ? t('replies.proposes', {
                date: r.proposedStartsAt ? formatDate(r.proposedStartsAt, res.locals.lang) : '',
                time: r.proposedStartsAt
                  ? `${formatTime(r.proposedStartsAt)}${r.proposedEndsAt ? `–${formatTime(r.proposedEndsAt)}` : ''}`
                  : '',
              })
            : r.answer
              ? t(`replies.answers.${r.answer}`)
              : t('replies.answers.other'),
        result: r.outcome === 'refused' ? t(`replies.reasons.${r.reason}`) : t(`replies.outcomes.${r.outcome}`),
        receivedText: formatDateTime(r.receivedAt),
        refused: r.outcome === 'refused',
      })),
      breadcrumbs: [
        ...gatheringBreadcrumbs(req, res, gathering, network),
        { href: `/gatherings/${gathering.id}/edit`, label: t('replies.editLink') },
      ],
    });
  });
  return router;
}
