import { loadNetworkFor } from '../networks/access';
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { canEditGathering, canEditGatherings, canSeeContactDetails, canViewNetwork } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { answerCounts } from '../invitations/queries';
import type { Network } from '../networks/queries';
import { actorOf } from '../access/auth';
import { currentYearInOslo, TIME_ZONE, todayInOslo } from '../kernel/dates';
import { parseForm, type FormErrors } from '../web/forms';
import { auditContext } from '../audit/record';
import { yearCalendar } from './calendar';
import { MIN_GAP_DAYS, MIN_PHYSICAL, proposeYear, rotateDuties, toDutyRecord, toRotationUnit } from './commands';
import { toPlanGathering } from '../gatherings/model';
import { osloDate } from '../kernel/dates';
import { checkYearPlan, norwegianPublicHolidays, type PlanWarning } from './planner';
import {
  acceptYearPlan,
  hostsOnDates,
  networkGatherings,
  planningSettings,
  sectorTakenDates,
  yearPlanAcceptance,
} from './queries';
import { currentUnits, planningUnits, type PlanningUnit } from '../networks/members';
import { yearRange } from '../kernel/dates';
import { findGathering, setDuties, type Gathering } from '../gatherings/queries';
import { dutyBalance } from './rotation';
import { proposeForm, swapForm } from './schema';
import { yearForm, yearQuery } from '../kernel/fields';
import { networkBreadcrumbs } from '../networks/breadcrumbs';

/** The network's year: plan, proposal, duties and the rules that are broken. */
export function planningRoutes(db: Db, _config: Config, _reads: CachedReads): Router {
  const router = Router();

  function warningText(res: Response, warning: PlanWarning, gatherings: { date: string }[]): string {
    const on = warning.index !== undefined ? gatherings[warning.index]?.date : undefined;
    return res.locals.t(`planning.warnings.${warning.code}`, {
      ...warning.params,
      date: warning.params.date ?? on ?? '',
    });
  }

  async function renderYear(
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
    const others = new Map(
      (outside.length === 0
        ? []
        : ((await db('units').whereIn('id', outside).select('id', 'organisation', 'name')) as {
            id: number;
            organisation: string;
            name: string;
          }[])
      ).map((u) => [u.id, u]),
    );
    const unitLabel = (id: number | null) => {
      const unit = id === null ? undefined : (unitById.get(id) ?? others.get(id));
      return unit ? `${unit.organisation} – ${unit.name}` : undefined;
    };
    // The rotation's "why" is about this network's units only.
    const whyOf = (duty: 'host' | 'presenter', id: number, date: string) =>
      unitById.has(id) ? dutyWhy(res, duty, id, history, unitById, date) : undefined;
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

  router.get('/networks/:id/plan', async (req, res) => {
    const network = await loadNetworkFor(db, req, canViewNetwork);
    const year = yearQuery.parse(req.query).year ?? currentYearInOslo();
    await renderYear(req, res, network, year);
  });

  router.post('/networks/:id/plan/propose', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(proposeForm, req.body);
    if (!parsed.ok) return renderYear(req, res, network, currentYearInOslo(), 422, parsed.errors);
    const { year, withFagdag } = parsed.data;
    await db.transaction(async (trx) => {
      const count = await proposeYear(trx, {
        networkId: network.id,
        year,
        today: todayInOslo(),
        now: new Date(),
        withFagdag,
      });
      await recordAudit(trx, auditContext(req), {
        action: 'proposePlan',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { year, proposed: count },
      });
    });
    res.locals.setFlash('planning.proposed');
    res.redirect(303, `/networks/${network.id}/plan?year=${year}`);
  });

  router.post('/networks/:id/plan/accept', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(yearForm, req.body);
    if (!parsed.ok) return renderYear(req, res, network, currentYearInOslo(), 422, parsed.errors);
    await db.transaction(async (trx) => {
      const accepted = await acceptYearPlan(trx, network.id, parsed.data.year, actorOf(req).id);
      await recordAudit(trx, auditContext(req), {
        action: 'acceptPlan',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { year: parsed.data.year, accepted },
      });
    });
    res.locals.setFlash('planning.accepted');
    res.redirect(303, `/networks/${network.id}/plan?year=${parsed.data.year}`);
  });

  router.post('/networks/:id/plan/rotate', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(yearForm, req.body);
    if (!parsed.ok) return renderYear(req, res, network, currentYearInOslo(), 422, parsed.errors);
    await db.transaction(async (trx) => {
      await rotateDuties(trx, { networkId: network.id, year: parsed.data.year, today: todayInOslo() });
      await recordAudit(trx, auditContext(req), {
        action: 'rotateDuties',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { year: parsed.data.year },
      });
    });
    res.locals.setFlash('planning.rotated');
    res.redirect(303, `/networks/${network.id}/plan?year=${parsed.data.year}`);
  });

  router.post('/networks/:id/plan/swap', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(swapForm, req.body);
    const year = parsed.ok ? parsed.data.year : currentYearInOslo();
    if (!parsed.ok) return renderYear(req, res, network, year, 422, parsed.errors);
    const { first, second, duty } = parsed.data;
    const today = todayInOslo();
    const [a, b] = await Promise.all([findGathering(db, first), findGathering(db, second)]);
    const valid = (g: Gathering | undefined): g is Gathering =>
      g?.networkIds.includes(network.id) === true && g.status !== 'cancelled' && osloDate(g.startsAt) > today;
    if (!valid(a) || !valid(b) || a.id === b.id)
      return renderYear(req, res, network, year, 422, { second: 'planning.errors.swapChoice' });
    if (duty === 'host' && (a.format === 'digital' || b.format === 'digital'))
      return renderYear(req, res, network, year, 422, { duty: 'planning.errors.swapDigital' });
    await db.transaction(async (trx) => {
      if (duty === 'host') {
        await setDuties(trx, a.id, {
          hostUnitId: b.hostUnitId,
          hostLocked: true,
          presenterUnitIds: a.presenterUnitIds,
          presentersLocked: a.presentersLocked,
        });
        await setDuties(trx, b.id, {
          hostUnitId: a.hostUnitId,
          hostLocked: true,
          presenterUnitIds: b.presenterUnitIds,
          presentersLocked: b.presentersLocked,
        });
      } else {
        await setDuties(trx, a.id, {
          hostUnitId: a.hostUnitId,
          hostLocked: a.hostLocked,
          presenterUnitIds: b.presenterUnitIds,
          presentersLocked: true,
        });
        await setDuties(trx, b.id, {
          hostUnitId: b.hostUnitId,
          hostLocked: b.hostLocked,
          presenterUnitIds: a.presenterUnitIds,
          presentersLocked: true,
        });
      }
      await recordAudit(trx, auditContext(req), {
        action: 'swapDuties',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { first, second, duty },
      });
    });
    res.locals.setFlash('planning.swapped');
    res.redirect(303, `/networks/${network.id}/plan?year=${year}`);
  });

  // One gathering: edit date, time, format and place; set or lock its duties.
  router.get('/networks/:id/duties', async (req, res) => {
    const network = await loadNetworkFor(db, req, canViewNetwork);
    const [units, all] = await Promise.all([planningUnits(db, network.id), networkGatherings(db, network.id)]);
    const history = all.filter((g) => g.status === 'planned').map(toDutyRecord);
    const balance = dutyBalance(units.map(toRotationUnit), history);
    const unitById = new Map(units.map((u) => [u.id, u]));
    // Over time: each unit's duties per year, for the last four years with gatherings.
    const years = [...new Set(history.map((r) => r.date.slice(0, 4)))].sort().slice(-4);
    const perYear = (unitId: number, year: string) => {
      const inYear = history.filter((r) => r.date.startsWith(year));
      return {
        hosted: inYear.filter((r) => r.hostUnitId === unitId).length,
        presented: inYear.filter((r) => r.presenterUnitIds.includes(unitId)).length,
      };
    };
    res.render('planning/duties', {
      title: res.locals.t('planning.duties.title', { name: network.name }),
      network,
      years,
      rows: balance.map((row) => ({
        ...row,
        unit: unitById.get(row.unitId),
        years: years.map((year) => perYear(row.unitId, year)),
      })),
      breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  });

  return router;
}

/** "last hosted March 2025, 1 of the last 8" for the unit given a duty on `date`. */
function dutyWhy(
  res: Response,
  duty: 'host' | 'presenter',
  unitId: number,
  history: ReturnType<typeof toDutyRecord>[],
  units: Map<number, PlanningUnit>,
  date: string,
): string {
  const before = history.filter((r) => r.date < date);
  const had = before.filter((r) => (duty === 'host' ? r.hostUnitId === unitId : r.presenterUnitIds.includes(unitId)));
  const window = before.slice(-8);
  const inWindow = window.filter((r) =>
    duty === 'host' ? r.hostUnitId === unitId : r.presenterUnitIds.includes(unitId),
  ).length;
  const last = had.at(-1)?.date;
  const name = units.get(unitId)?.name ?? '';
  const lastText = last
    ? DateTime.fromISO(last, { zone: TIME_ZONE })
        .setLocale(res.locals.lang === 'nn' ? 'nn-NO' : 'nb-NO')
        .toFormat('LLLL yyyy')
    : undefined;
  return res.locals.t(`planning.why.${duty}${last ? '' : 'Never'}`, {
    name,
    last: lastText,
    count: inWindow,
    window: window.length,
  });
}
