import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/knex';
import { sectorsInRegion } from '../sectors/queries';
import { checkbox } from '../web/fields';
import { submitForm, type FormErrors } from '../web/forms';
import { addArchiveRoutes, loadById } from '../web/params';
import { archiveRegion, createRegion, findRegion, listRegions, updateRegion, type Region } from './queries';
import { regionForm, regionUniqueIndexes, regionUpdateForm } from './schema';

const listQuery = z.object({ archived: checkbox() });

export function regionRoutes(db: Db): Router {
  const router = Router();

  router.get('/regions', async (req, res) => {
    const { archived } = listQuery.parse(req.query);
    const regions = await listRegions(db, { includeArchived: archived });
    res.render('regions/list', { title: res.locals.t('regions.title'), regions, archived, hasDemo: regions.some((r) => r.isDemo) });
  });

  router.get('/regions/new', (_req, res) => renderForm(res, 200, {}, {}));

  router.post('/regions', async (req, res) => {
    await submitForm(res, {
      input: req.body,
      schema: regionForm,
      unique: regionUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors),
      save: async (form) => `/regions/${await createRegion(db, form)}`,
      saved: 'common.createdMessage',
    });
  });

  router.get('/regions/:id', async (req, res) => {
    const region = await loadRegion(db, req.params);
    const sectors = await sectorsInRegion(db, region.id);
    res.render('regions/show', {
      title: region.name,
      region,
      sectors,
      breadcrumbs: [{ href: '/regions', label: res.locals.t('regions.title') }],
    });
  });

  router.get('/regions/:id/edit', async (req, res) => {
    const region = await loadRegion(db, req.params);
    renderForm(res, 200, { name: region.name, korusCentre: region.korusCentre, version: region.version }, {}, region);
  });

  router.post('/regions/:id', async (req, res) => {
    const region = await loadRegion(db, req.params);
    await submitForm(res, {
      input: req.body,
      schema: regionUpdateForm,
      unique: regionUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors, region),
      save: async (form) => {
        await updateRegion(db, region.id, form.version, form);
        return `/regions/${region.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, '/regions', (id) => findRegion(db, id), (id, archived) => archiveRegion(db, id, archived));

  return router;
}

const loadRegion = (db: Db, params: unknown) => loadById(params, (id) => findRegion(db, id));

async function renderForm(res: Response, status: number, values: unknown, errors: FormErrors, region?: Region): Promise<void> {
  const t = res.locals.t;
  res.status(status).render('regions/form', {
    title: region ? t('regions.editTitle', { name: region.name }) : t('regions.newTitle'),
    action: region ? `/regions/${region.id}` : '/regions',
    region,
    values,
    errors,
    breadcrumbs: [{ href: '/regions', label: t('regions.title') }, ...(region ? [{ href: `/regions/${region.id}`, label: region.name }] : [])],
  });
}
