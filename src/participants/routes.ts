import { Router, type Request, type Response } from 'express';
import type { Actor } from '../accounts/actor';
import { erasePerson } from '../accounts/personalData';
import { authorize, canManagePeopleIn, isKorusFor, managedRegionIds } from '../accounts/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { regionOptions } from '../regions/queries';
import { unitOptions } from '../units/queries';
import { SERVICE_TYPES } from '../units/schema';
import { actorOf } from '../web/auth';
import { FieldError, submitForm, type FormErrors } from '../web/forms';
import { paginate } from '../web/pagination';
import { addArchiveRoutes, auditContext, loadById } from '../web/params';
import {
  createParticipant,
  findParticipant,
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

/** Those who manage people in the person's region, and the person themself. */
const canEdit = (actor: Actor, participant: Participant) =>
  actor.id === participant.id || canManagePeopleIn(actor, participant.regionId);

export function participantRoutes(db: Db): Router {
  const router = Router();
  const professionOptions = (res: Response) =>
    PROFESSIONS.map((p) => ({ value: p, label: res.locals.t(`common.professions.${p}`) }));
  const loadParticipant = async (req: Request) => {
    const participant = await loadById(req.params, (id) => findParticipant(db, id));
    authorize(canEdit(actorOf(req), participant));
    return participant;
  };

  /** Units the actor may place someone in: those of the regions they manage, or the person's own unit. */
  async function allowedUnits(req: Request, participant?: Participant) {
    const units = await unitOptions(db, managedRegionIds(actorOf(req)));
    if (participant && !units.some((u) => u.id === participant.unitId)) {
      units.push({
        id: participant.unitId,
        name: participant.unitName,
        organisation: participant.organisation,
        regionName: '',
        regionId: participant.regionId,
      });
    }
    return units;
  }

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
    const regionIds = managedRegionIds(actorOf(req));
    authorize(regionIds === undefined || regionIds.length > 0);
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
    const regionIds = managedRegionIds(actorOf(req));
    authorize(regionIds === undefined || regionIds.length > 0);
    return renderForm(req, res, 200, { language: 'nb' }, {});
  });

  router.post('/participants', async (req, res) => {
    const regionIds = managedRegionIds(actorOf(req));
    authorize(regionIds === undefined || regionIds.length > 0);
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
    const participant = await loadParticipant(req);
    const memberships = await membershipsOfParticipant(db, participant.id);
    res.render('participants/show', {
      title: participant.name,
      participant,
      memberships,
      canArchive: canManagePeopleIn(actorOf(req), participant.regionId),
      canErase: isKorusFor(actorOf(req), participant.regionId) && !participant.erasedAt,
      breadcrumbs: [{ href: '/participants', label: res.locals.t('participants.title') }],
    });
  });

  router.get('/participants/:id/edit', async (req, res) => {
    const participant = await loadParticipant(req);
    const values = {
      ...participant,
      isUserRepresentative: participant.isUserRepresentative ? 'on' : undefined,
      isRelativesRepresentative: participant.isRelativesRepresentative ? 'on' : undefined,
    };
    await renderForm(req, res, 200, values, {}, participant);
  });

  router.post('/participants/:id', async (req, res) => {
    const participant = await loadParticipant(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: participantUpdateForm,
      unique: participantUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors, participant),
      save: async (form, trx) => {
        await checkUnit(req, trx, form.unitId, participant);
        await updateParticipant(trx, participant.id, form.version, form);
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
    const participant = await loadById(req.params, (id) => findParticipant(db, id));
    authorize(isKorusFor(actorOf(req), participant.regionId));
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
    find: (id) => findParticipant(db, id),
    allowed: (actor, participant) => canManagePeopleIn(actor, participant.regionId),
    regionOf: (participant) => participant.regionId,
  });
  return router;
}
