import { Router, type Request, type Response } from 'express';
import type { Actor } from '../access/actor';
import { erasePerson } from '../accounts/personalData';
import { revokeLoginTokens } from '../accounts/loginTokens';
import {
  authorize,
  canChangePerson,
  canListPeople,
  canManagePeopleIn,
  managedRegionIds,
  type PersonAction,
} from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { enqueueEmail } from '../mail/outbox';
import { regionOptions } from '../regions/queries';
import { unitOptions } from '../units/queries';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { actorOf } from '../access/auth';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { paginate } from '../kernel/pagination';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { addArchiveRoutes } from '../archive/routes';
import { actionLimit } from '../web/rateLimit';
import {
  createParticipant,
  findParticipant,
  findPersonRoles,
  listParticipants,
  membershipsOfParticipant,
  updateParticipant,
  type Participant,
} from './queries';
import {
  participantForm,
  participantListQuery,
  participantUniqueIndexes,
  participantUpdateForm,
  PROFESSIONS,
} from './schema';

/** Those who manage people in the person's region see them, and everyone sees themself. */
const canView = (actor: Actor, participant: Participant) =>
  actor.id === participant.id || canManagePeopleIn(actor, participant.regionId);

export function participantRoutes(db: Db, config: Config): Router {
  const router = Router();
  const domain = new URL(config.BASE_URL).hostname;
  const findWithRoles = async (id: number) => {
    const found = await findParticipant(db, id);
    const roles = found && (await findPersonRoles(db, id));
    return found && roles ? { ...found, roles } : undefined;
  };
  const professionOptions = (res: Response) =>
    PROFESSIONS.map((p) => ({ value: p, label: res.locals.t(`common.professions.${p}`) }));
  /** The person in the path with what the actor may do to them; 403 unless the actor may `action` (or view). */
  const loadParticipant = async (req: Request, action: PersonAction | 'view') => {
    const participant = await loadById(req.params, findWithRoles);
    const actor = actorOf(req);
    authorize(action === 'view' ? canView(actor, participant) : canChangePerson(actor, participant.roles, action));
    return participant;
  };

  /** Units the actor may place someone in: those of the regions they manage, and the person's own unit. */
  const allowedUnits = (req: Request, participant?: Participant) =>
    unitOptions(db, managedRegionIds(actorOf(req)), participant?.unitId);

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
    participant?: Participant,
  ) {
    const t = res.locals.t;
    const units = await allowedUnits(req, participant);
    const regions = [...new Set(units.map((u) => u.regionName))];
    res.status(status).render('participants/form', {
      title: participant ? t('participants.editTitle', { name: participant.name }) : t('participants.newTitle'),
      action: participant ? `/participants/${participant.id}` : '/participants',
      participant,
      values,
      errors,
      unitOptions: regions.map((region) => ({
        group: region,
        options: units
          .filter((u) => u.regionName === region)
          .map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      })),
      professionOptions: professionOptions(res),
      languageOptions: [
        { value: 'nb', label: 'Bokmål' },
        { value: 'nn', label: 'Nynorsk' },
      ],
      breadcrumbs: [
        { href: '/participants', label: t('participants.title') },
        ...(participant ? [{ href: `/participants/${participant.id}`, label: participant.name }] : []),
      ],
    });
  }

  async function checkUnit(req: Request, trx: Db, unitId: number, participant?: Participant) {
    if (participant && participant.unitId === unitId) return;
    const units = await unitOptions(trx, managedRegionIds(actorOf(req)));
    if (!units.some((u) => u.id === unitId)) throw new FieldError('unitId', 'errors.choice');
  }

  router.get('/participants', async (req, res) => {
    const actor = actorOf(req);
    authorize(canListPeople(actor));
    const regionIds = managedRegionIds(actor);
    const filters = participantListQuery.parse(req.query);
    const [{ rows, total }, regions] = await Promise.all([
      listParticipants(db, filters, regionIds),
      regionOptions(db, regionIds),
    ]);
    res.render('participants/list', {
      title: res.locals.t('participants.title'),
      participants: rows,
      filters,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      serviceTypeOptions: SERVICE_TYPES.map((type) => ({
        value: type,
        label: res.locals.t(`common.serviceTypes.${type}`),
      })),
      professionOptions: professionOptions(res),
      pagination: paginate({
        path: '/participants',
        query: {
          q: filters.q,
          regionId: filters.regionId?.toString(),
          serviceType: filters.serviceType,
          profession: filters.profession,
          archived: filters.archived ? 'on' : undefined,
        },
        page: filters.page,
        total,
      }),
    });
  });

  router.get('/participants/new', (req, res) => {
    authorize(canListPeople(actorOf(req)));
    return renderForm(req, res, 200, { language: 'nb' }, {});
  });

  router.post('/participants', async (req, res) => {
    authorize(canListPeople(actorOf(req)));
    await submitForm(res, {
      db,
      input: req.body,
      schema: participantForm,
      unique: participantUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors),
      save: async (form, trx) => {
        await checkUnit(req, trx, form.unitId);
        const id = await createParticipant(trx, form);
        const created = await findParticipant(trx, id);
        await recordAudit(trx, auditContext(req), {
          action: 'create',
          entityType: 'participants',
          entityId: id,
          regionId: created?.regionId,
          after: form,
        });
        return `/participants/${id}`;
      },
      saved: 'common.createdMessage',
    });
  });

  router.get('/participants/:id', async (req, res) => {
    const participant = await loadParticipant(req, 'view');
    const memberships = await membershipsOfParticipant(db, participant.id);
    const may = (action: PersonAction) => canChangePerson(actorOf(req), participant.roles, action);
    res.render('participants/show', {
      title: participant.name,
      participant,
      memberships,
      canEdit: may('edit'),
      canArchive: may('archive'),
      canErase: may('erase') && !participant.erasedAt,
      breadcrumbs: [{ href: '/participants', label: res.locals.t('participants.title') }],
    });
  });

  router.get('/participants/:id/edit', async (req, res) => {
    const participant = await loadParticipant(req, 'edit');
    const values = {
      ...participant,
      isUserRepresentative: participant.isUserRepresentative ? 'on' : undefined,
      isRelativesRepresentative: participant.isRelativesRepresentative ? 'on' : undefined,
    };
    await renderForm(req, res, 200, values, {}, participant);
  });

  // Rate limited: changing an address mails the old one.
  router.post('/participants/:id', actionLimit(db, 'participant-update', { limit: 60 }), async (req, res) => {
    const participant = await loadParticipant(req, 'edit');
    await submitForm(res, {
      db,
      input: req.body,
      schema: participantUpdateForm,
      unique: participantUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors, participant),
      save: async (form, trx) => {
        await checkUnit(req, trx, form.unitId, participant);
        const emailChanged = form.email !== participant.email.toLowerCase();
        if (emailChanged) authorize(canChangePerson(actorOf(req), participant.roles, 'changeEmail'));
        await updateParticipant(trx, participant.id, form.version, form);
        if (emailChanged) {
          // Sign-in links sent to the old address stop working, and its owner is told.
          await revokeLoginTokens(trx, participant.id);
          await enqueueEmail(
            trx,
            {
              template: 'emailChanged',
              to: { email: participant.email, language: participant.language },
              regionId: participant.regionId,
              params: { name: participant.name, newEmail: form.email, changedBy: actorOf(req).name },
            },
            domain,
          );
        }
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'participants',
          entityId: participant.id,
          regionId: participant.regionId,
          before: { ...participant },
          after: form,
        });
        return `/participants/${participant.id}`;
      },
      saved: 'common.saved',
    });
  });

  // Erasure removes identity and contact details; the person's anonymous facts stay for the figures.
  router.post('/participants/:id/erase', async (req, res) => {
    const participant = await loadParticipant(req, 'erase');
    await db.transaction(async (trx) => {
      await erasePerson(trx, participant.id);
      await recordAudit(trx, auditContext(req), {
        action: 'erase',
        entityType: 'participants',
        entityId: participant.id,
        regionId: participant.regionId,
      });
    });
    res.locals.setFlash('participants.erased');
    res.redirect(303, `/participants/${participant.id}`);
  });

  addArchiveRoutes(router, db, {
    path: '/participants',
    table: 'participants',
    find: findWithRoles,
    allowed: (actor, participant) => canChangePerson(actor, participant.roles, 'archive'),
    regionOf: (participant) => participant.regionId,
  });
  return router;
}
