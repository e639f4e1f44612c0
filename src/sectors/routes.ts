import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { id } from '../kernel/fields';
import { authorize, canManageRegion, isKorusAdmin, overseenRegionIds } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { regionOptions } from '../regions/queries';
import { actorOf } from '../access/auth';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { addArchiveRoutes } from '../archive/routes';
import { createSector, findSector, networksInSector, updateSector, type Sector } from './queries';
import { sectorForm, sectorUniqueIndexes, sectorUpdateForm } from './schema';

const newQuery = z.object({ regionId: id().optional().catch(undefined) });

export function sectorRoutes(db: Db): Router {
  const router = Router();
  const loadSector = async (req: Request) => {
    const sector = await loadById(req.params, (id) => findSector(db, id));
    authorize(canManageRegion(actorOf(req), sector.regionId));
    return sector;
  };

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
    sector?: Sector,
  ) {
    const t = res.locals.t;
    const actor = actorOf(req);
    const regions = await regionOptions(db, overseenRegionIds(actor));
    res.status(status).render('sectors/form', {
      title: sector ? t('sectors.editTitle', { name: sector.name }) : t('sectors.newTitle'),
      action: sector ? `/sectors/${sector.id}` : '/sectors',
      sector,
      values,
      errors,
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      breadcrumbs: sector
        ? [
            { href: `/regions/${sector.regionId}`, label: sector.regionName },
            { href: `/sectors/${sector.id}`, label: sector.name },
          ]
        : [{ href: '/regions', label: t('regions.title') }],
    });
  }

  router.get('/sectors/new', async (req, res) => {
    authorize(isKorusAdmin(actorOf(req)));
    const { regionId } = newQuery.parse(req.query);
    if (regionId) authorize(canManageRegion(actorOf(req), regionId));
    await renderForm(req, res, 200, { regionId }, {});
  });

  router.post('/sectors', async (req, res) => {
    authorize(isKorusAdmin(actorOf(req)));
    await submitForm(res, {
      db,
      input: req.body,
      schema: sectorForm,
      unique: sectorUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors),
      save: async (form, trx) => {
        if (!canManageRegion(actorOf(req), form.regionId)) throw new FieldError('regionId', 'errors.choice');
        const id = await createSector(trx, form);
        await recordAudit(trx, auditContext(req), {
          action: 'create',
          entityType: 'sectors',
          entityId: id,
          regionId: form.regionId,
          after: form,
        });
        return `/sectors/${id}`;
      },
      saved: 'common.createdMessage',
    });
  });

  router.get('/sectors/:id', async (req, res) => {
    const sector = await loadSector(req);
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
    const sector = await loadSector(req);
    await renderForm(req, res, 200, { ...sector, municipalities: sector.municipalities.join('\n') }, {}, sector);
  });

  router.post('/sectors/:id', async (req, res) => {
    const sector = await loadSector(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: sectorUpdateForm,
      unique: sectorUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors, sector),
      save: async (form, trx) => {
        if (!canManageRegion(actorOf(req), form.regionId)) throw new FieldError('regionId', 'errors.choice');
        await updateSector(trx, sector.id, form.version, form);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'sectors',
          entityId: sector.id,
          regionId: sector.regionId,
          before: { ...sector },
          after: form,
        });
        return `/sectors/${sector.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, db, {
    path: '/sectors',
    table: 'sectors',
    find: (id) => findSector(db, id),
    allowed: (actor, sector) => canManageRegion(actor, sector.regionId),
    regionOf: (sector) => sector.regionId,
  });
  return router;
}
