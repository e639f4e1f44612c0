import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { id } from '../kernel/fields';
import { authorize, canManageNetwork, canManageRegion, isKorusAdmin, overseenRegionIds } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { findSector, sectorOptions } from '../sectors/queries';
import { actorOf } from '../access/auth';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { addArchiveRoutes } from '../archive/routes';
import { networkBreadcrumbs } from './breadcrumbs';
import { createNetwork, findNetwork, updateNetwork, type Network } from './queries';
import { NETWORK_KINDS, NETWORK_STATUSES, networkForm, networkUniqueIndexes, networkUpdateForm } from './schema';

const newQuery = z.object({ sectorId: id().optional().catch(undefined) });

export function networkRoutes(db: Db, _config: Config, _reads: CachedReads): Router {
  const router = Router();
  const findById = (params: unknown) => loadById(params, (id) => findNetwork(db, id));

  /** A sector the actor may create networks in, or a field error. */
  async function allowedSector(req: Request, sectorId: number) {
    const sector = await findSector(db, sectorId);
    if (!sector || !canManageRegion(actorOf(req), sector.regionId)) throw new FieldError('sectorId', 'errors.choice');
    return sector;
  }

  async function renderForm(
    req: Request,
    res: Response,
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
    network?: Network,
  ) {
    const t = res.locals.t;
    const actor = actorOf(req);
    const sectors = await sectorOptions(db, overseenRegionIds(actor));
    const regions = [...new Set(sectors.map((s) => s.regionName))];
    res.status(status).render('networks/form', {
      title: network ? t('networks.editTitle', { name: network.name }) : t('networks.newTitle'),
      action: network ? `/networks/${network.id}` : '/networks',
      network,
      values,
      errors,
      sectorOptions: regions.map((region) => ({
        group: region,
        options: sectors.filter((s) => s.regionName === region).map((s) => ({ value: s.id, label: s.name })),
      })),
      kindOptions: NETWORK_KINDS.map((kind) => ({ value: kind, label: t(`networks.kinds.${kind}`) })),
      statusOptions: NETWORK_STATUSES.map((status) => ({ value: status, label: t(`networks.statuses.${status}`) })),
      breadcrumbs: network
        ? [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }]
        : [{ href: '/regions', label: t('regions.title') }],
    });
  }

  router.get('/networks/new', async (req, res) => {
    authorize(isKorusAdmin(actorOf(req)));
    const { sectorId } = newQuery.parse(req.query);
    if (sectorId) await allowedSector(req, sectorId).catch(() => authorize(false));
    await renderForm(req, res, 200, { sectorId, kind: 'local', status: 'active' }, {});
  });

  router.post('/networks', async (req, res) => {
    authorize(isKorusAdmin(actorOf(req)));
    await submitForm(res, {
      db,
      input: req.body,
      schema: networkForm,
      unique: networkUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors),
      save: async (form, trx) => {
        const sector = await allowedSector(req, form.sectorId);
        const id = await createNetwork(trx, form);
        await recordAudit(trx, auditContext(req), {
          action: 'create',
          entityType: 'networks',
          entityId: id,
          regionId: sector.regionId,
          after: form,
        });
        return `/networks/${id}`;
      },
      saved: 'common.createdMessage',
    });
  });

  router.get('/networks/:id/edit', async (req, res) => {
    const network = await findById(req.params);
    authorize(canManageNetwork(actorOf(req), network));
    await renderForm(req, res, 200, { ...network }, {}, network);
  });

  router.post('/networks/:id', async (req, res) => {
    const network = await findById(req.params);
    authorize(canManageNetwork(actorOf(req), network));
    await submitForm(res, {
      db,
      input: req.body,
      schema: networkUpdateForm,
      unique: networkUniqueIndexes,
      render: (status, errors) => renderForm(req, res, status, req.body, errors, network),
      save: async (form, trx) => {
        await allowedSector(req, form.sectorId);
        await updateNetwork(trx, network.id, form.version, form);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { ...network },
          after: form,
        });
        return `/networks/${network.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes<Network>(router, db, {
    path: '/networks',
    table: 'networks',
    find: (id) => findNetwork(db, id),
    allowed: canManageNetwork,
    regionOf: (network) => network.regionId,
  });
  return router;
}
