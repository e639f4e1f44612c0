import { Router, type Request, type Response } from 'express';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import { DateTime } from 'luxon';
import {
  authorize,
  canEditGathering,
  canEditGatherings,
  canSeeContactDetails,
  canViewNetwork,
  isKorusFor,
} from '../accounts/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../config';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { answerCounts, answersOf } from '../invitations/queries';
import { sendCancellations } from '../invitations/cancellations';
import { invitationMailOptions } from '../invitations/send';
import { scheduleGatheringUpdate } from '../invitations/updates';
import { loadGatheringFor } from '../gatherings/access';
import { findNetwork, type Network } from '../networks/queries';
import { actorOf } from '../web/auth';
import { currentYearInOslo, formatDate, TIME_ZONE, todayInOslo } from '../web/dates';
import { FieldError, parseForm, submitForm, type FormErrors } from '../web/forms';
import { auditContext, loadById } from '../web/params';
import { yearCalendar } from './calendar';
import {
  MIN_GAP_DAYS,
  MIN_PHYSICAL,
  osloDate,
  proposeYear,
  rotateDuties,
  toDutyRecord,
  toPlanGathering,
  toRotationUnit,
} from './commands';
import { checkYearPlan, norwegianPublicHolidays, toInstants, type PlanWarning } from './planner';
import {
  acceptYearPlan,
  currentUnits,
  findGathering,
  hostsOnDates,
  networkGatherings,
  planningSettings,
  planningUnits,
  sectorTakenDates,
  setDuties,
  updateGathering,
  yearPlanAcceptance,
  yearRange,
  type Gathering,
  type PlanningUnit,
} from './queries';
import { dutyBalance } from './rotation';
import { cancelForm, dutiesForm, gatheringForm, proposeForm, swapForm, yearForm, yearQuery } from './schema';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { FORMATS, GATHERING_KINDS } from '../gatherings/model';
import { emailActionLimit } from '../web/rateLimit';

/** The network's year: plan, proposal, duties and the rules that are broken. */
export function planningRoutes(db: Db, config: Config, reads: CachedReads): Router {
  const router = Router();

  async function loadNetwork(req: Request, need: 'view' | 'edit'): Promise<Network> {
    const network = await loadById({ id: req.params.id }, (id) => findNetwork(db, id));
    const actor = actorOf(req);
    authorize(need === 'view' ? canViewNetwork(actor, network) : canEditGatherings(actor, network));
    return network;
  }

  const loadGathering = (req: Request) => loadGatheringFor(db, req, 'edit');

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
    const network = await loadNetwork(req, 'view');
    const year = yearQuery.parse(req.query).year ?? currentYearInOslo();
    await renderYear(req, res, network, year);
  });

  router.post('/networks/:id/plan/propose', async (req, res) => {
    const network = await loadNetwork(req, 'edit');
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
    const network = await loadNetwork(req, 'edit');
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
    const network = await loadNetwork(req, 'edit');
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
    const network = await loadNetwork(req, 'edit');
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
  const gatheringPageData = (gathering: Gathering, network: Network) =>
    Promise.all([planningUnits(db, network.id), answersOf(db, gathering.id)]);

  async function renderGathering(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = {},
    data = gatheringPageData(gathering, network),
  ) {
    const t = res.locals.t;
    const today = todayInOslo();
    const p = toPlanGathering(gathering, today);
    const [allUnits, answers] = await data;
    const units = currentUnits(allUnits, today);
    res.status(status).render('planning/gathering', {
      answerGroups: (['yes', 'maybe', 'no', null] as const)
        .map((answer) => ({
          answer: answer ?? 'none',
          names: answers.filter((a) => a.answer === answer).map((a) => a.name),
        }))
        .filter((g) => g.names.length > 0),
      title: t('planning.editTitle', { date: formatDate(gathering.startsAt, res.locals.lang) }),
      gathering,
      network,
      past: p.past,
      // The gathering's own audit log, for the region's KORUS admins (who read the log).
      auditLink: isKorusFor(actorOf(req), network.regionId),
      values: {
        date: p.date,
        startTime: p.startTime,
        endTime: p.endTime,
        format: gathering.format,
        kind: gathering.kind,
        venue: gathering.venue,
        meetingUrl: gathering.meetingUrl,
        topic: gathering.topic,
        version: gathering.version,
        ...values,
      },
      duties: {
        hostUnitId: gathering.hostUnitId,
        presenterUnitIds: gathering.presenterUnitIds,
        lockHost: gathering.hostLocked,
        lockPresenters: gathering.presentersLocked,
      },
      formatOptions: FORMATS.map((f) => ({ value: f, label: t(`gatherings.formats.${f}`) })),
      kindOptions: GATHERING_KINDS.map((k) => ({ value: k, label: t(`gatherings.kinds.${k}`) })),
      hostOptions: units.filter((u) => u.canHost).map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      unitOptions: units.map((u) => ({
        value: u.id,
        label: `${u.organisation} – ${u.name}`,
        checked: gathering.presenterUnitIds.includes(u.id),
      })),
      errors,
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  }

  router.get('/gatherings/:id/edit', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit', reads);
    await renderGathering(
      req,
      res,
      gathering,
      network,
      200,
      {},
      {},
      reads.get(`gatheringPage:${gathering.id}:${network.id}`, () => gatheringPageData(gathering, network)),
    );
  });

  router.post('/gatherings/:id', async (req, res) => {
    const { gathering, network } = await loadGathering(req);
    const year = osloDate(gathering.startsAt).slice(0, 4);
    await submitForm(res, {
      db,
      input: req.body,
      schema: gatheringForm,
      render: (status, errors) => renderGathering(req, res, gathering, network, status, req.body, errors),
      save: async (form, trx) => {
        const today = todayInOslo();
        // Past gatherings are history: they are never moved.
        if (osloDate(gathering.startsAt) <= today) throw new FieldError('date', 'planning.errors.past');
        if (form.date <= today) throw new FieldError('date', 'planning.errors.dateInPast');
        if (form.date.slice(0, 4) !== year) throw new FieldError('date', 'planning.errors.outsideYear');
        const { startsAt, endsAt } = toInstants(form);
        const changes = {
          starts_at: startsAt,
          ends_at: endsAt,
          format: form.format,
          kind: form.kind,
          venue: form.venue,
          meeting_url: form.meetingUrl,
          topic: form.topic,
          ...(form.format === 'digital' ? { host_unit_id: null } : {}),
        };
        await updateGathering(trx, gathering.id, form.version, changes);
        await scheduleGatheringUpdate(trx, gathering.id, config.UPDATE_DELAY_MINUTES);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { ...toPlanGathering(gathering, today), topic: gathering.topic },
          after: {
            date: form.date,
            startTime: form.startTime,
            endTime: form.endTime,
            format: form.format,
            kind: form.kind,
            venue: form.venue,
            meetingUrl: form.meetingUrl,
            topic: form.topic,
          },
        });
        return `/networks/${network.id}/plan?year=${year}`;
      },
      saved: 'common.saved',
    });
  });

  router.post('/gatherings/:id/duties', async (req, res) => {
    const { gathering, network } = await loadGathering(req);
    const year = osloDate(gathering.startsAt).slice(0, 4);
    await submitForm(res, {
      db,
      input: req.body,
      schema: dutiesForm,
      render: (status, errors) => renderGathering(req, res, gathering, network, status, {}, errors),
      save: async (form, trx) => {
        const today = todayInOslo();
        const units = currentUnits(await planningUnits(trx, network.id), today);
        if (
          form.hostUnitId !== null &&
          (gathering.format === 'digital' || !units.some((u) => u.id === form.hostUnitId && u.canHost))
        )
          throw new FieldError('hostUnitId', 'planning.errors.hostChoice');
        if (!form.presenterUnitIds.every((id) => units.some((u) => u.id === id)))
          throw new FieldError('presenterUnitIds', 'planning.errors.presenterChoice');
        const current = await findGathering(trx, gathering.id);
        if (current?.version !== form.version) throw new FieldError('form', 'errors.stale');
        await setDuties(trx, gathering.id, {
          hostUnitId: form.hostUnitId,
          hostLocked: form.lockHost,
          presenterUnitIds: form.presenterUnitIds,
          presentersLocked: form.lockPresenters,
        });
        await recordAudit(trx, auditContext(req), {
          action: 'setDuties',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { hostUnitId: gathering.hostUnitId, presenterUnitIds: gathering.presenterUnitIds },
          after: { hostUnitId: form.hostUnitId, presenterUnitIds: form.presenterUnitIds },
        });
        return `/networks/${network.id}/plan?year=${year}`;
      },
      saved: 'planning.dutiesSaved',
    });
  });

  // Cancelling mails everyone invited: it is asked for on a page of its own, which says how many
  // will be told and takes a message for them.
  router.get('/gatherings/:id/cancel', async (req, res) => {
    const { gathering, network } = await loadGathering(req);
    const invited = Number(
      ((await db('invitations').where({ gathering_id: gathering.id }).count({ n: '*' }).first()) as { n: number }).n,
    );
    res.render('planning/cancel', {
      title: res.locals.t('planning.cancel.title'),
      gathering,
      network,
      invited,
      cancelled: gathering.status === 'cancelled',
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  });

  router.post(
    '/gatherings/:id/remove',
    emailActionLimit(db, 'gathering-remove', { key: (req) => `actor:${req.actor?.id ?? 'anonymous'}` }),
    async (req, res) => {
      const { gathering, network } = await loadGathering(req);
      const year = osloDate(gathering.startsAt).slice(0, 4);
      if (osloDate(gathering.startsAt) <= todayInOslo())
        throw Object.assign(new Error('past gathering'), { status: 400 });
      const form = cancelForm.safeParse(req.body);
      // An accepted gathering is cancelled only from its confirmation page.
      if (gathering.status === 'planned' && (!form.success || form.data.confirm !== 'yes'))
        return res.redirect(303, `/gatherings/${gathering.id}/cancel`);
      const message = form.success ? form.data.message : '';
      const done = await db.transaction(async (trx) => {
        // A draft is simply dropped; an accepted gathering is cancelled, so its history and invitations stay right.
        if (gathering.status === 'proposed') await trx('gatherings').where({ id: gathering.id }).delete();
        else {
          // Only a planned gathering is cancelled: a second click (or a second tab) sends nothing again.
          const cancelled = await trx('gatherings')
            .where({ id: gathering.id, status: 'planned' })
            .update({ status: 'cancelled', version: trx.raw('version + 1'), updated_at: trx.fn.now() });
          if (cancelled === 0) return false;
          // Everyone invited gets a cancellation that removes the event from their calendar.
          await sendCancellations(trx, gathering.id, {
            ...(await invitationMailOptions(trx, network, actorOf(req), config.BASE_URL)),
            message,
          });
        }
        await recordAudit(trx, auditContext(req), {
          action: gathering.status === 'proposed' ? 'removeDraft' : 'cancel',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          // A removed draft is gone: its date still tells the log which gathering it was.
          about: { date: osloDate(gathering.startsAt) },
        });
        return true;
      });
      res.locals.setFlash(
        !done
          ? 'planning.alreadyCancelled'
          : gathering.status === 'proposed'
            ? 'planning.draftRemoved'
            : 'planning.cancelled',
      );
      res.redirect(303, `/networks/${network.id}/plan?year=${year}`);
    },
  );

  router.get('/networks/:id/duties', async (req, res) => {
    const network = await loadNetwork(req, 'view');
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
