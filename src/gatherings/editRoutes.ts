import { cancelGathering, removeDraft } from './queries';
import { invitationCount } from '../invitations/queries';
import { BadRequestError } from '../kernel/errors';
import { isPastDay } from '../kernel/dates';
import { Router, type Request, type Response } from 'express';
import { gatheringBreadcrumbs } from './breadcrumbs';
import { isKorusFor } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { answersOf } from '../invitations/queries';
import { sendCancellations } from '../invitations/cancellations';
import { invitationMailOptions } from '../invitations/send';
import { scheduleGatheringUpdate } from '../invitations/updates';
import { loadGatheringFor } from './access';
import type { Network } from '../networks/queries';
import { FieldError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { toPlanGathering } from './model';
import { osloDate } from '../kernel/dates';
import { toInstants } from '../kernel/dates';
import { currentUnits, planningUnits } from '../networks/members';
import { cancelForm, dutiesForm, gatheringForm } from './schema';
import { actorOf } from '../access/auth';
import { formatDate, todayInOslo } from '../kernel/dates';
import { submitForm, type FormErrors } from '../web/forms';
import { setDuties, updateGathering, type Gathering } from './queries';
import { FORMATS, GATHERING_KINDS } from './model';
import { byActor, actionLimit } from '../web/rateLimit';
import { renderCachedPage } from '../web/cachedPage';

/** A gathering's edit page: when and where, its duties, and cancelling or removing it. */
export function gatheringEditRoutes(db: Db, config: Config, reads: CachedReads): Router {
  const router = Router();
  const loadGathering = (req: Request) => loadGatheringFor(db, req, 'edit');

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
  ) {
    res.status(status).render('planning/gathering', {
      ...pageLayout(req, res, gathering, network),
      ...(await pageBody(req, res, gathering, network, gatheringPageData(gathering, network), values, errors)),
    });
  }

  const pageLayout = (req: Request, res: Response, gathering: Gathering, network: Network) => ({
    title: res.locals.t('planning.editTitle', { date: formatDate(gathering.startsAt, res.locals.lang) }),
    breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
  });

  async function pageBody(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    data: ReturnType<typeof gatheringPageData>,
    values: Record<string, unknown> = {},
    errors: FormErrors = {},
  ) {
    const t = res.locals.t;
    const today = todayInOslo();
    const p = toPlanGathering(gathering, today);
    const [allUnits, answers] = await data;
    const units = currentUnits(allUnits, today);
    return {
      answerGroups: (['yes', 'maybe', 'no', null] as const)
        .map((answer) => ({
          answer: answer ?? 'none',
          names: answers.filter((a) => a.answer === answer).map((a) => a.name),
        }))
        .filter((g) => g.names.length > 0),
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
        aim: gathering.aim,
        version: gathering.version,
        ...values,
      },
      duties: {
        hostUnitId: gathering.hostUnitId,
        presenterUnitIds: gathering.presenterUnitIds,
        lockHost: gathering.hostLocked,
        lockPresenters: gathering.presentersLocked,
        caseUnitId: gathering.caseUnitId,
        lockCase: gathering.caseLocked,
      },
      formatOptions: FORMATS.map((f) => ({ value: f, label: t(`gatherings.formats.${f}`) })),
      kindOptions: GATHERING_KINDS.map((k) => ({ value: k, label: t(`gatherings.kinds.${k}`) })),
      hostOptions: units.filter((u) => u.canHost).map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      caseOptions: units.map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      unitOptions: units.map((u) => ({
        value: u.id,
        label: `${u.organisation} – ${u.name}`,
        checked: gathering.presenterUnitIds.includes(u.id),
      })),
      errors,
    };
  }

  router.get('/gatherings/:id/edit', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit', reads);
    // The same for every editor but for the audit link (KORUS of the region only).
    const auditLink = isKorusFor(actorOf(req), network.regionId);
    await renderCachedPage(req, res, reads, {
      view: 'planning/gathering',
      key: `${gathering.id}:${network.id}:${todayInOslo()}:${auditLink}`,
      layout: pageLayout(req, res, gathering, network),
      body: () => pageBody(req, res, gathering, network, gatheringPageData(gathering, network)),
    });
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
        if (isPastDay(gathering, today)) throw new FieldError('date', 'planning.errors.past');
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
          aim: form.aim,
          ...(form.format === 'digital' ? { host_unit_id: null } : {}),
        };
        await updateGathering(trx, gathering.id, form.version, changes);
        await scheduleGatheringUpdate(trx, gathering.id, config.UPDATE_DELAY_MINUTES);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { ...toPlanGathering(gathering, today), topic: gathering.topic, aim: gathering.aim },
          after: {
            date: form.date,
            startTime: form.startTime,
            endTime: form.endTime,
            format: form.format,
            kind: form.kind,
            venue: form.venue,
            meetingUrl: form.meetingUrl,
            topic: form.topic,
            aim: form.aim,
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
        if (form.caseUnitId !== null && !units.some((u) => u.id === form.caseUnitId))
          throw new FieldError('caseUnitId', 'planning.errors.caseChoice');
        await setDuties(trx, gathering.id, form.version, {
          hostUnitId: form.hostUnitId,
          hostLocked: form.lockHost,
          presenterUnitIds: form.presenterUnitIds,
          presentersLocked: form.lockPresenters,
          caseUnitId: form.caseUnitId,
          caseLocked: form.lockCase,
        });
        await recordAudit(trx, auditContext(req), {
          action: 'setDuties',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: {
            hostUnitId: gathering.hostUnitId,
            presenterUnitIds: gathering.presenterUnitIds,
            caseUnitId: gathering.caseUnitId,
          },
          after: { hostUnitId: form.hostUnitId, presenterUnitIds: form.presenterUnitIds, caseUnitId: form.caseUnitId },
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
    const invited = await invitationCount(db, gathering.id);
    res.render('planning/cancel', {
      title: res.locals.t('planning.cancel.title'),
      gathering,
      network,
      invited,
      cancelled: gathering.status === 'cancelled',
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  });

  router.post('/gatherings/:id/remove', actionLimit(db, 'gathering-remove', { key: byActor }), async (req, res) => {
    const { gathering, network } = await loadGathering(req);
    const year = osloDate(gathering.startsAt).slice(0, 4);
    if (isPastDay(gathering, todayInOslo())) throw new BadRequestError('past gathering');
    const form = cancelForm.safeParse(req.body);
    // An accepted gathering is cancelled only from its confirmation page.
    if (gathering.status === 'planned' && (!form.success || form.data.confirm !== 'yes'))
      return res.redirect(303, `/gatherings/${gathering.id}/cancel`);
    const message = form.success ? form.data.message : '';
    const done = await db.transaction(async (trx) => {
      // A draft is simply dropped; an accepted gathering is cancelled, so its history and invitations stay right.
      if (gathering.status === 'proposed') await removeDraft(trx, gathering.id);
      else {
        // Only a planned gathering is cancelled: a second click (or a second tab) sends nothing again.
        if (!(await cancelGathering(trx, gathering.id))) return false;
        // Everyone invited gets a cancellation that removes the event from their calendar.
        await sendCancellations(trx, gathering.id, {
          ...(await invitationMailOptions(trx, network, actorOf(req), config)),
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
  });

  return router;
}
