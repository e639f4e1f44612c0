import { Router, type Request, type Response } from 'express';
import { authorize, canListPeople, canManagePeopleIn, managedRegionIds } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { regionOptions } from '../regions/queries';
import { actorOf } from '../access/auth';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { paginate } from '../kernel/pagination';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { addArchiveRoutes } from '../archive/routes';
import { createUnit, findUnit, listUnits, networksOfUnit, participantsOfUnit, updateUnit, type Unit } from './queries';
import { unitForm, unitListQuery, unitUniqueIndexes, unitUpdateForm } from './schema';
import { SERVICE_TYPES } from './serviceTypes';

/** Units are managed by their region's KORUS admins and the leaders of networks there. */
export function unitRoutes(db: Db): Router {
  const router = Router();
  const serviceTypeOptions = (res: Response) =>
    SERVICE_TYPES.map((type) => ({ value: type, label: res.locals.t(`common.serviceTypes.${type}`) }));
  const loadUnit = async (req: Request) => {
    const unit = await loadById(req.params, (id) => findUnit(db, id));
    authorize(canManagePeopleIn(actorOf(req), unit.regionId));
    return unit;
  };
  /** The regions the actor manages people in; refuses someone who manages none. */
  const scope = (req: Request) => {
    const actor = actorOf(req);
    authorize(canListPeople(actor));
    return managedRegionIds(actor);
  };

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
    unit?: Unit,
  ) {
    const t = res.locals.t;
    const regions = await regionOptions(db, scope(req));
    res.status(status).render('units/form', {
      title: unit ? t('units.editTitle', { name: unit.name }) : t('units.newTitle'),
      action: unit ? `/units/${unit.id}` : '/units',
      unit,
      values,
      errors,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      serviceTypeOptions: serviceTypeOptions(res),
      breadcrumbs: [
        { href: '/units', label: t('units.title') },
        ...(unit ? [{ href: `/units/${unit.id}`, label: unit.name }] : []),
      ],
    });
  }

  router.get('/units', async (req, res) => {
    const regionIds = scope(req);
    const filters = unitListQuery.parse(req.query);
    const [{ rows, total }, regions] = await Promise.all([
      listUnits(db, filters, regionIds),
      regionOptions(db, regionIds),
    ]);
    res.render('units/list', {
      title: res.locals.t('units.title'),
      units: rows,
      filters,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      serviceTypeOptions: serviceTypeOptions(res),
      pagination: paginate({
        path: '/units',
        query: {
          q: filters.q,
          regionId: filters.regionId?.toString(),
          serviceType: filters.serviceType,
          archived: filters.archived ? 'on' : undefined,
        },
        page: filters.page,
        total,
      }),
    });
  });

  router.get('/units/new', (req, res) => renderForm(req, res, 200, { canHost: 'on' }, {}));

  router.post('/units', async (req, res) => {
    scope(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: unitForm,
      unique: unitUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors),
      save: async (form, trx) => {
        if (!canManagePeopleIn(actorOf(req), form.regionId)) throw new FieldError('regionId', 'errors.choice');
        const id = await createUnit(trx, form);
        await recordAudit(trx, auditContext(req), {
          action: 'create',
          entityType: 'units',
          entityId: id,
          regionId: form.regionId,
          after: form,
        });
        return `/units/${id}`;
      },
      saved: 'common.createdMessage',
    });
  });

  router.get('/units/:id', async (req, res) => {
    const unit = await loadUnit(req);
    const [participants, networks] = await Promise.all([participantsOfUnit(db, unit.id), networksOfUnit(db, unit.id)]);
    res.render('units/show', {
      title: unit.name,
      unit,
      participants,
      networks,
      breadcrumbs: [{ href: '/units', label: res.locals.t('units.title') }],
    });
  });

  router.get('/units/:id/edit', async (req, res) => {
    const unit = await loadUnit(req);
    await renderForm(req, res, 200, { ...unit, canHost: unit.canHost ? 'on' : undefined }, {}, unit);
  });

  router.post('/units/:id', async (req, res) => {
    const unit = await loadUnit(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: unitUpdateForm,
      unique: unitUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors, unit),
      save: async (form, trx) => {
        if (!canManagePeopleIn(actorOf(req), form.regionId)) throw new FieldError('regionId', 'errors.choice');
        await updateUnit(trx, unit.id, form.version, form);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'units',
          entityId: unit.id,
          regionId: unit.regionId,
          before: { ...unit },
          after: form,
        });
        return `/units/${unit.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, db, {
    path: '/units',
    table: 'units',
    find: (id) => findUnit(db, id),
    allowed: (actor, unit) => canManagePeopleIn(actor, unit.regionId),
    regionOf: (unit) => unit.regionId,
  });
  return router;
}
