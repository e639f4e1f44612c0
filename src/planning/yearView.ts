import { unitsByIds } from '../units/queries';
import type { Request, Response } from 'express';
import { canEditGathering, canEditGatherings, canSeeContactDetails } from '../access/policy';
import { actorOf } from '../access/auth';
import type { Db } from '../db/knex';
import { toPlanGathering } from '../gatherings/model';
import { answerCounts } from '../invitations/queries';
import { formatMonthYear, todayInOslo, yearRange } from '../kernel/dates';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { currentUnits, planningUnits } from '../networks/members';
import type { Network } from '../networks/queries';
import type { FormErrors } from '../web/forms';
import { yearCalendar } from './calendar';
import { MIN_GAP_DAYS, MIN_PHYSICAL, toDutyRecord } from './commands';
import type { Duty, DutyReason } from './dutyTypes';
import { checkYearPlan, norwegianPublicHolidays, type PlanWarning } from './planner';
import { hostsOnDates, networkGatherings, planningSettings, sectorTakenDates, yearPlanAcceptance } from './queries';
import { dutyReason } from './rotation';

// The year page (views/planning/year.hbs): the plan, its cards with duties and why, the rules broken.

function warningText(res: Response, warning: PlanWarning, gatherings: { date: string }[]): string {
  const on = warning.index !== undefined ? gatherings[warning.index]?.date : undefined;
  return res.locals.t(`planning.warnings.${warning.code}`, {
    ...warning.params,
    date: warning.params.date ?? on ?? '',
  });
}

export async function renderYear(
  db: Db,
  req: Request,
  res: Response,
  network: Network,
  year: number,
  status = 200,
  errors: FormErrors = {},
) {
  const t = res.locals.t;
  const today = todayInOslo();
  const [settings, all, units, takenDates, acceptance] = await Promise.all([
    planningSettings(db, network.id),
    networkGatherings(db, network.id),
    planningUnits(db, network.id),
    sectorTakenDates(db, network.id, year),
    yearPlanAcceptance(db, network.id, year),
  ]);
  const { from, to } = yearRange(year);
  const inYear = all.filter((g) => g.startsAt >= from && g.startsAt < to);
  const live = inYear.filter((g) => g.status !== 'cancelled');
  const plan = live.map((g) => toPlanGathering(g, today));
  const [hosts, answers] = await Promise.all([
    hostsOnDates(
      db,
      plan.map((g) => g.date),
      live.map((g) => g.id),
    ),
    answerCounts(
      db,
      inYear.map((g) => g.id),
    ),
  ]);
  const warnings = checkYearPlan(plan, {
    year,
    count: settings.gatheringsPerYear,
    minPhysical: MIN_PHYSICAL,
    minGapDays: MIN_GAP_DAYS,
    blockedPeriods: settings.blockedPeriods,
    takenDates,
    hostsOnSameDay: hosts,
  });
  const unitById = new Map(units.map((u) => [u.id, u]));
  // A joint fagdag's host may be a unit of another network: named too, in one query.
  const outside = [
    ...new Set(inYear.flatMap((g) => [g.hostUnitId, ...g.presenterUnitIds]).filter((id) => id !== null)),
  ].filter((id) => !unitById.has(id));
  const others = new Map((await unitsByIds(db, outside)).map((u) => [u.id, u]));
  const unitLabel = (id: number | null) => {
    const unit = id === null ? undefined : (unitById.get(id) ?? others.get(id));
    return unit ? `${unit.organisation} – ${unit.name}` : undefined;
  };
  // The rotation's "why" is about this network's units only.
  const whyOf = (duty: Duty, id: number, date: string) =>
    unitById.has(id) ? whyText(res, dutyReason(history, duty, id, date), unitById.get(id)?.name ?? '') : undefined;
  const history = all.filter((g) => g.status !== 'cancelled').map(toDutyRecord);
  const holidays = norwegianPublicHolidays(year);
  const current = currentUnits(units, today);
  const contacts = canSeeContactDetails(actorOf(req), network);
  const managerOf = (id: number | null) => (contacts && id !== null ? unitById.get(id) : undefined);
  const gatherings = inYear.map((g) => {
    const p = toPlanGathering(g, today);
    const index = plan.findIndex((x) => x.id === g.id);
    // A joint fagdag's networks are all in this network's region (regionRoutes.ts refuses others).
    const editable = canEditGathering(
      actorOf(req),
      g.networkIds.map((id) => ({ id, regionId: network.regionId })),
    );
    return {
      ...g,
      date: p.date,
      past: p.past,
      host: unitLabel(g.hostUnitId),
      hostManager: managerOf(g.hostUnitId),
      hostWhy: g.hostUnitId ? whyOf('host', g.hostUnitId, p.date) : undefined,
      presenters: g.presenterUnitIds.map((id) => ({
        label: unitLabel(id),
        manager: managerOf(id),
        why: whyOf('presenter', id, p.date),
      })),
      case: unitLabel(g.caseUnitId),
      caseWhy: g.caseUnitId ? whyOf('case', g.caseUnitId, p.date) : undefined,
      warnings: warnings
        .filter((w) => w.index !== undefined && w.index === index)
        .map((w) => warningText(res, w, plan)),
      answers: answers.get(g.id),
      editable,
      // An accepted gathering has a page of its own; a draft is only a line in the plan.
      page: editable && g.status !== 'proposed' ? `/gatherings/${g.id}` : '',
    };
  });
  const proposed = inYear.some((g) => g.status === 'proposed');
  res.status(status).render('planning/year', {
    title: t('planning.title', { name: network.name, year }),
    network,
    year,
    previousYear: year - 1,
    nextYear: year + 1,
    settings,
    gatherings,
    // Every warning in the summary (a gathering's own, with its date, also on its card).
    planWarnings: warnings.map((w) => warningText(res, w, plan)),
    warningCount: warnings.length,
    proposed,
    acceptance,
    calendar: yearCalendar(year, res.locals.lang, {
      gatherings: new Map(
        gatherings
          .filter((g) => g.status !== 'cancelled')
          .map((g) => [
            g.date,
            { id: g.id, label: `${t(`gatherings.formats.${g.format}`)}${g.topic ? `: ${g.topic}` : ''}` },
          ]),
      ),
      holidays,
    }),
    canEdit: canEditGatherings(actorOf(req), network),
    memberUnitCount: current.length,
    gatheringOptions: gatherings
      .filter((g) => !g.past && g.status !== 'cancelled')
      .map((g) => ({ value: g.id, label: g.date })),
    errors,
    breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
  });
}

/** "last hosted March 2025, 1 of the last 8": the rotation's reason in words. */
function whyText(res: Response, reason: DutyReason, name: string): string {
  return res.locals.t(`planning.why.${reason.duty}${reason.lastDate ? '' : 'Never'}`, {
    name,
    last: reason.lastDate ? formatMonthYear(reason.lastDate, res.locals.lang) : undefined,
    count: reason.countInWindow,
    window: reason.window,
  });
}
