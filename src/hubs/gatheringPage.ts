import { unitsByIds } from '../units/queries';
import { hasStarted } from '../kernel/dates';
import { Router } from 'express';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { isKorusFor } from '../access/policy';
import { gatheringTitle } from '../calendar/gatheringEvent';
import { answerCounts } from '../invitations/queries';
import { actorOf } from '../access/auth';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { osloDate } from '../kernel/dates';
import { formatDateTime, formatTime, formatWeekdayDate } from '../kernel/dates';
import { loadGatheringFor } from '../gatherings/access';
import { nextSteps, type StepCode } from './nextSteps';
import { gatheringProgress } from './progress';
import { materialsOfGathering } from '../materials/queries';
import { materialRow } from '../materials/view';
import { findNetworks } from '../networks/queries';

/** Where each step is done. */
export function stepLink(code: StepCode, gathering: { id: number; startsAt: Date }, networkId: number): string {
  switch (code) {
    case 'publishAgenda':
      return `/gatherings/${gathering.id}/agenda`;
    case 'sendInvitations':
      return `/networks/${networkId}/plan/send?year=${osloDate(gathering.startsAt).slice(0, 4)}`;
    case 'recordAttendance':
      return `/gatherings/${gathering.id}/attendance`;
    default:
      return `/gatherings/${gathering.id}/evaluation`;
  }
}

/** The gathering's own page: what it is, what is still to do, and a way to everything about it, before and after. */
export function gatheringRoutes(db: Db, reads: CachedReads): Router {
  const router = Router();

  router.get('/gatherings/:id', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit', reads);
    const t = res.locals.t;
    const lang = res.locals.lang;
    const [progress, answers, units, materials, networks] = await Promise.all([
      gatheringProgress(db, [gathering.id]).then((p) => p.get(gathering.id)),
      answerCounts(db, [gathering.id]).then((a) => a.get(gathering.id) ?? {}),
      unitsByIds(db, [
        ...(gathering.hostUnitId === null ? [] : [gathering.hostUnitId]),
        ...gathering.presenterUnitIds,
        ...(gathering.caseUnitId === null ? [] : [gathering.caseUnitId]),
      ]),
      materialsOfGathering(db, gathering.id),
      findNetworks(db, gathering.networkIds),
    ]);
    const now = new Date();
    const unitName = (id: number) => {
      const unit = units.find((u) => u.id === id);
      return unit ? `${unit.organisation} – ${unit.name}` : '';
    };
    const heading = gatheringTitle(
      { kind: gathering.kind, networkCount: gathering.networkIds.length, networkNames: network.name },
      lang,
    );
    const year = osloDate(gathering.startsAt).slice(0, 4);
    const started = hasStarted(gathering, now);
    res.render('gatherings/show', {
      title: `${heading}: ${formatWeekdayDate(gathering.startsAt, lang)}`,
      heading,
      gathering,
      network,
      timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
      host: gathering.hostUnitId ? unitName(gathering.hostUnitId) : '',
      presenters: gathering.presenterUnitIds.map(unitName).filter(Boolean),
      caseUnit: gathering.caseUnitId ? unitName(gathering.caseUnitId) : '',
      steps: progress
        ? nextSteps(progress, now).map((step) => ({
            ...step,
            text: t(`gatherings.steps.${step.code}`),
            href: stepLink(step.code, gathering, network.id),
          }))
        : [],
      progress,
      evaluationClosesAt: progress ? formatDateTime(progress.evaluationClosesAt) : '',
      answers: {
        yes: answers.yes ?? 0,
        maybe: answers.maybe ?? 0,
        no: answers.no ?? 0,
        none: answers.none ?? 0,
      },
      started,
      ahead: !started && gathering.status === 'planned',
      sendUrl: `/networks/${network.id}/plan/send?year=${year}`,
      auditLink: isKorusFor(actorOf(req), network.regionId),
      // A fagdag takes registrations from its public page (src/registration/), set up by KORUS.
      registrationLinks: gathering.kind === 'fagdag' && isKorusFor(actorOf(req), network.regionId),
      materials: materials.map((m) => materialRow(m, (x) => `/materials/${x.id}`, { actor: actorOf(req), networks })),
      breadcrumbs: [
        ...networkBreadcrumbs(req, res, network),
        { href: `/networks/${network.id}`, label: network.name },
        { href: `/networks/${network.id}/plan?year=${year}`, label: t('planning.yearLink', { year }) },
      ],
    });
  });

  return router;
}
