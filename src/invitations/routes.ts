import { unitOfParticipant } from './queries';
import { BadRequestError } from '../kernel/errors';
import { hasStarted } from '../kernel/dates';
import { loadNetworkFor } from '../networks/access';
import { Router, type Request, type Response } from 'express';
import { canEditGatherings, canManageMembers } from '../access/policy';
import { recordAudit } from '../audit/record';
import { feedGatherings } from '../calendar/feeds';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { actorOf } from '../access/auth';
import { currentYearInOslo, formatTime } from '../kernel/dates';
import { translator, type Language } from '../kernel/i18n';
import { gatheringTitle } from '../calendar/gatheringEvent';
import { NotFoundError } from '../kernel/errors';
import { parseForm, submitForm, type FormErrors } from '../web/forms';
import { PROFESSIONS } from '../participants/schema';
import { answerInvitation, currentStandIn, nameStandIn, standInCandidates, standInUniqueIndexes } from './standIns';
import { auditContext } from '../audit/record';
import { yearQuery } from '../kernel/fields';
import { invitationByToken, mailStatesOf } from './queries';
import { invitationMailOptions, planYearSend, sendInvitations } from './send';
import { actionLimit } from '../web/rateLimit';
import { networkMail, serverRefusal } from '../mail/queueState';
import { materialsOfGathering } from '../materials/queries';
import { materialRow } from '../materials/view';
import { sendMaterial } from '../materials/download';
import { loadById } from '../kernel/params';
import { answerForm, answerQuery, colleagueStandInForm, sendForm, tokenParams } from './schema';

/** Sending a year's invitations, and answering them from the email without signing in. */
export function invitationRoutes(db: Db, config: Config): { publicRoutes: Router; leaderRoutes: Router } {
  const publicRoutes = Router();

  async function loadInvitation(req: Request) {
    const parsed = tokenParams.safeParse(req.params);
    const invitation = parsed.success ? await invitationByToken(db, parsed.data.token) : undefined;
    if (!invitation) throw new NotFoundError('invitation');
    const [gathering] = await feedGatherings(db, { gatheringIds: [invitation.gatheringId] });
    if (!gathering) throw new NotFoundError('gathering');
    return { invitation, gathering };
  }

  /** Token pages are shown in the invited person's language, unless this browser has chosen one. */
  function inInvitedLanguage(req: Request, res: Response, language: Language) {
    if ((req.cookies as Record<string, unknown> | undefined)?.['samling.lang']) return;
    res.locals.lang = language;
    res.locals.t = translator(language);
  }

  async function renderAnswer(
    req: Request,
    res: Response,
    status = 200,
    saved = false,
    standIn: { values?: Record<string, unknown>; errors?: FormErrors } = {},
  ) {
    const { invitation, gathering } = await loadInvitation(req);
    // A fixed participant who cannot come may name a colleague from their unit, before the gathering.
    const mayNameStandIn =
      invitation.standsInFor === null && gathering.status !== 'cancelled' && !hasStarted(gathering);
    const fixed = mayNameStandIn
      ? { participantId: invitation.participantId, unitId: await unitOfParticipant(db, invitation.participantId) }
      : undefined;
    const [candidates, current] = fixed
      ? await Promise.all([
          standInCandidates(db, gathering.id, fixed),
          currentStandIn(db, gathering.id, fixed.participantId),
        ])
      : [[], undefined];
    inInvitedLanguage(req, res, invitation.language);
    res.status(status).render('invitations/answer', {
      title: res.locals.t('invitations.title'),
      heading: gatheringTitle(gathering, res.locals.lang),
      invitation,
      gathering,
      timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
      // A link opened from the email suggests the answer; only the button records it.
      suggested: answerQuery.parse(req.query).answer,
      saved,
      token: req.params.token,
      mayNameStandIn,
      currentStandIn: current,
      candidateOptions: candidates.map((c) => ({ value: c.id, label: c.name })),
      professionOptions: PROFESSIONS.map((p) => ({ value: p, label: res.locals.t(`common.professions.${p}`) })),
      standInValues: standIn.values ?? {},
      errors: standIn.errors ?? {},
      standInSaved: (req.query as Record<string, unknown>).standIn === '1',
    });
  }

  // A GET never records an answer: link previews and mail scanners fetch links too.
  publicRoutes.get('/rsvp/:token', (req, res) => renderAnswer(req, res));
  // The invitation's link is enough to read that one gathering's published agenda, at its current times.
  publicRoutes.get('/rsvp/:token/agenda', async (req, res) => {
    const { invitation, gathering } = await loadInvitation(req);
    inInvitedLanguage(req, res, invitation.language);
    const heading = gatheringTitle(gathering, res.locals.lang);
    const materials = await materialsOfGathering(db, gathering.id);
    res.render('agenda/print', {
      layout: 'print',
      materials: materials.map((m) => materialRow(m, (x) => `/rsvp/${String(req.params.token)}/materials/${x.id}`)),
      title: res.locals.t('agenda.printTitle', { network: heading }),
      heading,
      gathering,
      snapshot: gathering.agenda ?? {
        topic: gathering.topic,
        startTime: formatTime(gathering.startsAt),
        endTime: formatTime(gathering.endsAt),
        items: [],
      },
      notPublished: gathering.agenda === null,
      back: { url: `/rsvp/${String(req.params.token)}`, text: res.locals.t('invitations.backToAnswer') },
    });
  });

  // The invitation's link opens that gathering's materials too, and no other.
  publicRoutes.get('/rsvp/:token/materials/:materialId', async (req, res) => {
    const { gathering } = await loadInvitation(req);
    const material = await loadById({ id: req.params.materialId }, async (id) => {
      const [found] = (await materialsOfGathering(db, gathering.id)).filter((m) => m.id === id);
      return found;
    });
    await sendMaterial(db, res, material);
  });

  // An answer can tell a stand-in they need not come: limited like every action that sends email.
  publicRoutes.post('/rsvp/:token', actionLimit(db, 'rsvp-answer', { limit: 20 }), async (req, res) => {
    const { invitation, gathering } = await loadInvitation(req);
    const parsed = parseForm(answerForm, req.body);
    if (!parsed.ok) return renderAnswer(req, res, 422);
    if (gathering.status === 'cancelled') return renderAnswer(req, res, 409);
    await db.transaction((trx) =>
      answerInvitation(trx, {
        invitation,
        answer: parsed.data.answer,
        startsAt: gathering.startsAt,
        person: invitation,
        mailConfig: config,
        audit: { actorId: invitation.participantId, actorName: invitation.name, requestId: String(req.id) },
      }),
    );
    res.redirect(303, `/rsvp/${String(req.params.token)}?saved=1`);
  });

  publicRoutes.post('/rsvp/:token/stand-in', actionLimit(db, 'rsvp-stand-in', { limit: 10 }), async (req, res) => {
    const { invitation, gathering } = await loadInvitation(req);
    const render = (status: number, errors: FormErrors) =>
      renderAnswer(req, res, status, false, { values: req.body as Record<string, unknown>, errors });
    if (invitation.standsInFor !== null) return render(409, { form: 'attendance.errors.notFixed' });
    if (gathering.status === 'cancelled') return render(409, { form: 'attendance.errors.cancelled' });
    if (hasStarted(gathering)) return render(409, { form: 'attendance.errors.started' });
    await submitForm(res, {
      db,
      input: req.body,
      schema: colleagueStandInForm,
      render,
      unique: standInUniqueIndexes,
      save: async (form, trx) => {
        const person = { name: invitation.name, email: invitation.email };
        await nameStandIn(trx, {
          gatheringId: gathering.id,
          fixedParticipantId: invitation.participantId,
          form: { ...form, name: '', email: '', profession: 'other' },
          mailConfig: config,
          actor: person,
          audit: { actorId: invitation.participantId, actorName: invitation.name, requestId: String(req.id) },
        });
        return `/rsvp/${String(req.params.token)}?standIn=1`;
      },
    });
  });

  const leaderRoutes = Router();
  leaderRoutes.get('/networks/:id/plan/send', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const year = yearQuery.parse(req.query).year ?? currentYearInOslo();
    const [plans, mailStates, refusal] = await Promise.all([
      planYearSend(db, network.id, year, new Date()),
      mailStatesOf(db, network.id),
      serverRefusal(db, networkMail(network.id)),
    ]);
    res.render('invitations/send', {
      mailStates,
      refusal,
      retryAction: canManageMembers(actorOf(req), network) ? `/networks/${network.id}/emails/retry-now` : undefined,
      title: res.locals.t('invitations.sendTitle', { name: network.name, year }),
      network,
      year,
      plans: plans.map((p) => ({
        ...p,
        count: p.invite.length + p.update.length,
        inviteNames: p.invite.map((r) => r.name).join(', '),
        updateNames: p.update.map((r) => r.name).join(', '),
      })),
      total: plans.reduce((sum, p) => sum + p.invite.length + p.update.length, 0),
      breadcrumbs: [
        ...networkBreadcrumbs(req, res, network),
        { href: `/networks/${network.id}/plan?year=${year}`, label: res.locals.t('planning.yearLink', { year }) },
      ],
    });
  });

  leaderRoutes.post('/networks/:id/plan/send', actionLimit(db, 'invitations-send', { limit: 20 }), async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(sendForm, req.body);
    if (!parsed.ok) throw new BadRequestError('bad year');
    const only = parsed.data.gatheringId;
    const mail = await invitationMailOptions(db, network, actorOf(req), config);
    const queued = await db.transaction(async (trx) => {
      // The whole year, or one gathering of it.
      const plans = (await planYearSend(trx, network.id, parsed.data.year, new Date())).filter(
        (plan) => only === undefined || plan.gathering.id === only,
      );
      const count = await sendInvitations(trx, plans, mail);
      await recordAudit(trx, auditContext(req), {
        action: 'sendInvitations',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { year: parsed.data.year, queued: count, ...(only === undefined ? {} : { gatheringId: only }) },
      });
      return count;
    });
    res.locals.setFlash(queued > 0 ? 'invitations.queued' : 'invitations.nothingNew');
    res.redirect(
      303,
      only === undefined
        ? `/networks/${network.id}/plan?year=${parsed.data.year}`
        : `/networks/${network.id}/plan/send?year=${parsed.data.year}`,
    );
  });

  return { publicRoutes, leaderRoutes };
}
