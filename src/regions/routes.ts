import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { authorize, canCreateRegion, canManageRegion, isKorusAdmin, overseenRegionIds } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { actorOf } from '../access/auth';
import { checkbox } from '../kernel/fields';
import { submitForm, type FormErrors } from '../web/forms';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { addArchiveRoutes } from '../archive/routes';
import { createRegion, findRegion, listRegions, updateRegion, type Region } from './queries';
import { regionForm, regionUniqueIndexes, regionUpdateForm } from './schema';

const listQuery = z.object({ archived: checkbox() });

export function regionRoutes(db: Db): Router {
  const router = Router();
  const loadRegion = (req: Request) => loadById(req.params, (id) => findRegion(db, id));

  function renderForm(
    res: Response,
    status: number,
    values: unknown,
    errors: FormErrors,
    region?: Region,
  ): Promise<void> {
    const t = res.locals.t;
    res.status(status).render('regions/form', {
      title: region ? t('regions.editTitle', { name: region.name }) : t('regions.newTitle'),
      action: region ? `/regions/${region.id}` : '/regions',
      region,
      values,
      errors,
      breadcrumbs: [
        { href: '/regions', label: t('regions.title') },
        ...(region ? [{ href: `/regions/${region.id}`, label: region.name }] : []),
      ],
    });
    return Promise.resolve();
  }

  router.get('/regions', async (req, res) => {
    const actor = actorOf(req);
    authorize(isKorusAdmin(actor));
    const { archived } = listQuery.parse(req.query);
    const regions = await listRegions(db, {
      includeArchived: archived,
      regionIds: overseenRegionIds(actor),
    });
    res.render('regions/list', {
      title: res.locals.t('regions.title'),
      regions,
      archived,
      canCreate: canCreateRegion(actor),
      hasDemo: regions.some((r) => r.isDemo),
    });
  });

  router.get('/regions/new', (req, res) => {
    authorize(canCreateRegion(actorOf(req)));
    return renderForm(res, 200, {}, {});
  });

  router.post('/regions', async (req, res) => {
    authorize(canCreateRegion(actorOf(req)));
    await submitForm(res, {
      db,
      input: req.body,
      schema: regionForm,
      unique: regionUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors),
      save: async (form, trx) => {
        const id = await createRegion(trx, form);
        await recordAudit(trx, auditContext(req), {
          action: 'create',
          entityType: 'regions',
          entityId: id,
          regionId: id,
          after: form,
        });
        return `/regions/${id}`;
      },
      saved: 'common.createdMessage',
    });
  });

  router.get('/regions/:id/edit', async (req, res) => {
    const region = await loadRegion(req);
    authorize(canManageRegion(actorOf(req), region.id));
    await renderForm(
      res,
      200,
      { name: region.name, korusCentre: region.korusCentre, version: region.version },
      {},
      region,
    );
  });

  router.post('/regions/:id', async (req, res) => {
    const region = await loadRegion(req);
    authorize(canManageRegion(actorOf(req), region.id));
    await submitForm(res, {
      db,
      input: req.body,
      schema: regionUpdateForm,
      unique: regionUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors, region),
      save: async (form, trx) => {
        await updateRegion(trx, region.id, form.version, form);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'regions',
          entityId: region.id,
          regionId: region.id,
          before: { ...region },
          after: form,
        });
        return `/regions/${region.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, db, {
    path: '/regions',
    table: 'regions',
    find: (id) => findRegion(db, id),
    allowed: (actor, region) => canManageRegion(actor, region.id),
    regionOf: (region) => region.id,
  });
  return router;
}
