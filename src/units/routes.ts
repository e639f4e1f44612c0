import { Router, type Response } from 'express';
import type { Db } from '../db/knex';
import { participantsOfUnit } from '../participants/queries';
import { regionOptions } from '../regions/queries';
import { submitForm, type FormErrors } from '../web/forms';
import { paginate } from '../web/pagination';
import { addArchiveRoutes, loadById } from '../web/params';
import { archiveUnit, createUnit, findUnit, listUnits, networksOfUnit, updateUnit, type Unit } from './queries';
import { SERVICE_TYPES, unitForm, unitListQuery, unitUniqueIndexes, unitUpdateForm } from './schema';

export function unitRoutes(db: Db): Router {
  const router = Router();
  const loadUnit = (params: unknown) => loadById(params, (id) => findUnit(db, id));
  const serviceTypeOptions = (res: Response) => SERVICE_TYPES.map((type) => ({ value: type, label: res.locals.t(`common.serviceTypes.${type}`) }));

  async function renderForm(res: Response, status: number, values: Record<string, unknown>, errors: FormErrors, unit?: Unit) {
    const t = res.locals.t;
    const regions = await regionOptions(db);
    res.status(status).render('units/form', {
      title: unit ? t('units.editTitle', { name: unit.name }) : t('units.newTitle'),
      action: unit ? `/units/${unit.id}` : '/units',
      unit,
      values,
      errors,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      serviceTypeOptions: serviceTypeOptions(res),
      breadcrumbs: [{ href: '/units', label: t('units.title') }, ...(unit ? [{ href: `/units/${unit.id}`, label: unit.name }] : [])],
    });
  }

  router.get('/units', async (req, res) => {
    const filters = unitListQuery.parse(req.query);
    const [{ rows, total }, regions] = await Promise.all([listUnits(db, filters), regionOptions(db)]);
    res.render('units/list', {
      title: res.locals.t('units.title'),
      units: rows,
      filters,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      serviceTypeOptions: serviceTypeOptions(res),
      pagination: paginate({
        path: '/units',
        query: { q: filters.q, regionId: filters.regionId?.toString(), serviceType: filters.serviceType, archived: filters.archived ? 'on' : undefined },
        page: filters.page,
        total,
      }),
    });
  });

  router.get('/units/new', (_req, res) => renderForm(res, 200, { canHost: 'on' }, {}));

  router.post('/units', async (req, res) => {
    await submitForm(res, {
      input: req.body,
      schema: unitForm,
      unique: unitUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors),
      save: async (form) => `/units/${await createUnit(db, form)}`,
      saved: 'common.createdMessage',
    });
  });

  router.get('/units/:id', async (req, res) => {
    const unit = await loadUnit(req.params);
    const [participants, networks] = await Promise.all([participantsOfUnit(db, unit.id), networksOfUnit(db, unit.id)]);
    res.render('units/show', { title: unit.name, unit, participants, networks, breadcrumbs: [{ href: '/units', label: res.locals.t('units.title') }] });
  });

  router.get('/units/:id/edit', async (req, res) => {
    const unit = await loadUnit(req.params);
    await renderForm(res, 200, { ...unit, canHost: unit.canHost ? 'on' : undefined }, {}, unit);
  });

  router.post('/units/:id', async (req, res) => {
    const unit = await loadUnit(req.params);
    await submitForm(res, {
      input: req.body,
      schema: unitUpdateForm,
      unique: unitUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors, unit),
      save: async (form) => {
        await updateUnit(db, unit.id, form.version, form);
        return `/units/${unit.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, '/units', (id) => findUnit(db, id), (id, archived) => archiveUnit(db, id, archived));
  return router;
}
