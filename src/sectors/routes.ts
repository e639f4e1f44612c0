import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/knex';
import { networksInSector } from '../networks/queries';
import { regionOptions } from '../regions/queries';
import { submitForm, type FormErrors } from '../web/forms';
import { addArchiveRoutes, loadById } from '../web/params';
import { archiveSector, createSector, findSector, updateSector, type Sector } from './queries';
import { sectorForm, sectorUniqueIndexes, sectorUpdateForm } from './schema';

const newQuery = z.object({ regionId: z.coerce.number().int().positive().optional().catch(undefined) });

export function sectorRoutes(db: Db): Router {
  const router = Router();
  const loadSector = (params: unknown) => loadById(params, (id) => findSector(db, id));

  async function renderForm(res: Response, status: number, values: Record<string, unknown>, errors: FormErrors, sector?: Sector) {
    const t = res.locals.t;
    const regions = await regionOptions(db);
    res.status(status).render('sectors/form', {
      title: sector ? t('sectors.editTitle', { name: sector.name }) : t('sectors.newTitle'),
      action: sector ? `/sectors/${sector.id}` : '/sectors',
      sector,
      values,
      errors,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      breadcrumbs: sector
        ? [{ href: `/regions/${sector.regionId}`, label: sector.regionName }, { href: `/sectors/${sector.id}`, label: sector.name }]
        : [{ href: '/regions', label: t('regions.title') }],
    });
  }

  router.get('/sectors/new', async (req, res) => {
    await renderForm(res, 200, { regionId: newQuery.parse(req.query).regionId }, {});
  });

  router.post('/sectors', async (req, res) => {
    await submitForm(res, {
      input: req.body,
      schema: sectorForm,
      unique: sectorUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors),
      save: async (form) => `/sectors/${await createSector(db, form)}`,
      saved: 'common.createdMessage',
    });
  });

  router.get('/sectors/:id', async (req, res) => {
    const sector = await loadSector(req.params);
    const networks = await networksInSector(db, sector.id);
    res.render('sectors/show', {
      title: sector.name,
      sector,
      networks,
      breadcrumbs: [
        { href: '/regions', label: res.locals.t('regions.title') },
        { href: `/regions/${sector.regionId}`, label: sector.regionName },
      ],
    });
  });

  router.get('/sectors/:id/edit', async (req, res) => {
    const sector = await loadSector(req.params);
    const values = { ...sector, municipalities: sector.municipalities.join('\n') };
    await renderForm(res, 200, values, {}, sector);
  });

  router.post('/sectors/:id', async (req, res) => {
    const sector = await loadSector(req.params);
    await submitForm(res, {
      input: req.body,
      schema: sectorUpdateForm,
      unique: sectorUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors, sector),
      save: async (form) => {
        await updateSector(db, sector.id, form.version, form);
        return `/sectors/${sector.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, '/sectors', (id) => findSector(db, id), (id, archived) => archiveSector(db, id, archived));
  return router;
}
