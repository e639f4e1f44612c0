import { attendanceRecordedAt } from './queries';
import { hasStarted } from '../kernel/dates';
import { Router, type Request, type Response } from 'express';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import { canManageMembers } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import type { Network } from '../networks/queries';
import { PROFESSIONS } from '../participants/schema';
import type { Gathering } from '../gatherings/queries';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { actorOf } from '../access/auth';
import { formatDate } from '../kernel/dates';
import { NotFoundError } from '../kernel/errors';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { queueEvaluationRequests } from '../evaluation/send';
import { invitationMailOptions } from '../invitations/send';
import { addGuest, guestsAt, invitedIds, invitedWithAttendance, removeGuest, replaceAttendance } from './queries';
import { attendanceForm, guestForm, guestParams } from './schema';
import { leaderStandInForm, standInQuery } from '../invitations/schema';
import {
  currentStandIn,
  fixedInvitation,
  nameStandIn,
  removeStandIn,
  standInCandidates,
  standInUniqueIndexes,
} from '../invitations/standIns';
import { actionLimit } from '../web/rateLimit';

/** Why attendance cannot be registered (yet), or undefined when it can. */
export function registrationBlocked(
  gathering: Pick<Gathering, 'status' | 'startsAt'>,
  now = new Date(),
): 'cancelled' | 'notStarted' | 'notAccepted' | undefined {
  if (gathering.status === 'cancelled') return 'cancelled';
  if (gathering.status !== 'planned') return 'notAccepted';
  if (!hasStarted(gathering, now)) return 'notStarted';
  return undefined;
}

/** The leader's attendance page: who came (pre-marked from the answers), guests, and stand-ins. */
export function attendanceRoutes(db: Db, config: Config): Router {
  const router = Router();
  const load = (req: Request) => loadGatheringFor(db, req, 'edit');

  function professionOptions(res: Response) {
    return PROFESSIONS.map((p) => ({ value: p, label: res.locals.t(`common.professions.${p}`) }));
  }

  async function render(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    status = 200,
    extra: { guestValues?: Record<string, unknown>; errors?: FormErrors } = {},
  ) {
    const t = res.locals.t;
    const blocked = registrationBlocked(gathering);
    const recordedAt = await attendanceRecordedAt(db, gathering.id);
    const [people, guests] = blocked
      ? [[], []]
      : await Promise.all([invitedWithAttendance(db, gathering.id, recordedAt !== null), guestsAt(db, [gathering.id])]);
    const date = formatDate(gathering.startsAt, res.locals.lang);
    res.status(status).render('attendance/page', {
      title: t('attendance.title', { date }),
      gathering,
      network,
      blocked,
      recordedAt,
      people,
      presentCount: people.filter((p) => p.present).length,
      guests,
      guestValues: extra.guestValues ?? {},
      errors: extra.errors ?? {},
      serviceTypeOptions: SERVICE_TYPES.map((s) => ({ value: s, label: t(`common.serviceTypes.${s}`) })),
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  }

  router.get('/gatherings/:id/attendance', async (req, res) => {
    const { gathering, network } = await load(req);
    await render(req, res, gathering, network);
  });

  router.post('/gatherings/:id/attendance', actionLimit(db, 'attendance', { limit: 60 }), async (req, res) => {
    const { gathering, network } = await load(req);
    if (registrationBlocked(gathering)) return render(req, res, gathering, network, 409);
    await submitForm(res, {
      db,
      input: req.body,
      schema: attendanceForm,
      render: (status, errors) => render(req, res, gathering, network, status, { errors }),
      save: async (form, trx) => {
        const invited = await invitedIds(trx, gathering.id);
        if (form.present.some((id) => !invited.has(id)))
          throw new FieldError('present', 'attendance.errors.notInvited');
        const { before, after } = await replaceAttendance(trx, gathering.id, form.present);
        await recordAudit(trx, auditContext(req), {
          action: 'recordAttendance',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { present: before },
          after: { present: after },
        });
        // After the gathering, everyone recorded present is asked to evaluate it (once; a late edit asks only those added).
        if (gathering.endsAt <= new Date())
          await queueEvaluationRequests(
            trx,
            gathering.id,
            await invitationMailOptions(trx, network, actorOf(req), config),
          );
        return `/gatherings/${gathering.id}/attendance`;
      },
      saved: 'attendance.saved',
    });
  });

  router.post('/gatherings/:id/attendance/guests', async (req, res) => {
    const { gathering, network } = await load(req);
    if (registrationBlocked(gathering)) return render(req, res, gathering, network, 409);
    await submitForm(res, {
      db,
      input: req.body,
      schema: guestForm,
      render: (status, errors) =>
        render(req, res, gathering, network, status, { guestValues: req.body as Record<string, unknown>, errors }),
      save: async (form, trx) => {
        const guest = await addGuest(trx, gathering.id, form);
        await recordAudit(trx, auditContext(req), {
          action: 'addGuest',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          after: { guestAdded: guest },
        });
        return `/gatherings/${gathering.id}/attendance#guests-heading`;
      },
      saved: 'attendance.guestAdded',
    });
  });

  router.post('/gatherings/:id/attendance/guests/:guestId/remove', async (req, res) => {
    const { gathering, network } = await load(req);
    const params = guestParams.safeParse(req.params);
    if (!params.success) throw new NotFoundError('guest');
    if (registrationBlocked(gathering)) return render(req, res, gathering, network, 409);
    const removed = await db.transaction(async (trx) => {
      const guest = await removeGuest(trx, gathering.id, params.data.guestId);
      if (guest)
        await recordAudit(trx, auditContext(req), {
          action: 'removeGuest',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { guestRemoved: guest },
          after: { guestRemoved: null },
        });
      return guest;
    });
    if (!removed) throw new NotFoundError('guest');
    res.locals.setFlash('attendance.guestRemoved');
    res.redirect(303, `/gatherings/${gathering.id}/attendance#guests-heading`);
  });

  // Naming a stand-in: first pick whose place (a GET form, no script needed), then whom.
  async function renderStandIn(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    forId: number | undefined,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = {},
  ) {
    const t = res.locals.t;
    const date = formatDate(gathering.startsAt, res.locals.lang);
    const people = await invitedWithAttendance(db, gathering.id, false);
    const fixedPeople = people.filter((p) => p.standsInFor === null);
    const fixed = forId !== undefined ? await fixedInvitation(db, gathering.id, forId) : undefined;
    const [candidates, current] = fixed
      ? await Promise.all([
          standInCandidates(db, gathering.id, fixed),
          currentStandIn(db, gathering.id, fixed.participantId),
        ])
      : [[], undefined];
    res.status(status).render('attendance/standIn', {
      title: t('attendance.standIn.title', { date }),
      gathering,
      network,
      cancelled: gathering.status === 'cancelled',
      fixed,
      current,
      fixedOptions: fixedPeople.map((p) => ({ value: p.participantId, label: `${p.name} (${p.unitName})` })),
      candidateOptions: candidates.map((c) => ({ value: c.id, label: c.name })),
      canCreate: canManageMembers(actorOf(req), network),
      professionOptions: professionOptions(res),
      values,
      errors,
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  }

  router.get('/gatherings/:id/stand-in', async (req, res) => {
    const { gathering, network } = await load(req);
    await renderStandIn(req, res, gathering, network, standInQuery.parse(req.query).for);
  });

  router.post('/gatherings/:id/stand-in', actionLimit(db, 'stand-in'), async (req, res) => {
    const { gathering, network } = await load(req);
    const body = req.body as Record<string, unknown>;
    const forId = standInQuery.parse({ for: body.forParticipantId }).for;
    await submitForm(res, {
      db,
      input: req.body,
      schema: leaderStandInForm,
      render: (status, errors) => renderStandIn(req, res, gathering, network, forId, status, body, errors),
      unique: standInUniqueIndexes,
      save: async (form, trx) => {
        // The working group names colleagues already registered; only a leader (or KORUS) registers a new person.
        if (form.participantId === undefined && !canManageMembers(actorOf(req), network))
          throw new FieldError('participantId', 'attendance.errors.standInChoice');
        await nameStandIn(trx, {
          gatheringId: gathering.id,
          fixedParticipantId: form.forParticipantId,
          form,
          mailConfig: config,
          actor: actorOf(req),
          audit: auditContext(req),
          field: 'forParticipantId',
        });
        return registrationBlocked(gathering)
          ? `/gatherings/${gathering.id}`
          : `/gatherings/${gathering.id}/attendance`;
      },
      saved: 'attendance.standIn.saved',
    });
  });

  // The stand-in is no longer needed: they are told so, and the fixed participant stays invited.
  router.post('/gatherings/:id/stand-in/remove', actionLimit(db, 'stand-in-remove'), async (req, res) => {
    const { gathering } = await load(req);
    const forId = standInQuery.parse({ for: (req.body as Record<string, unknown>).forParticipantId }).for;
    const removed =
      forId !== undefined &&
      gathering.status === 'planned' &&
      (await db.transaction((trx) =>
        removeStandIn(trx, {
          gatheringId: gathering.id,
          fixedParticipantId: forId,
          mailConfig: config,
          actor: actorOf(req),
          audit: auditContext(req),
        }),
      ));
    res.locals.setFlash(removed ? 'attendance.standIn.removed' : 'attendance.standIn.noneToRemove');
    res.redirect(303, `/gatherings/${gathering.id}/stand-in${forId === undefined ? '' : `?for=${forId}`}`);
  });

  return router;
}
