import { Router, type Response } from 'express';
import { z } from 'zod';
import type { Db } from '../db/knex';
import { gatheringsInYear } from '../gatherings/queries';
import { sectorOptions } from '../sectors/queries';
import { currentYearInOslo } from '../web/dates';
import { submitForm, type FormErrors } from '../web/forms';
import { addArchiveRoutes, loadById } from '../web/params';
import { networkBreadcrumbs } from './breadcrumbs';
import { memberRoutes } from './memberRoutes';
import { memberUnits, networkMembers, type Member } from './members';
import { archiveNetwork, createNetwork, findNetwork, updateNetwork, type Network } from './queries';
import { NETWORK_KINDS, NETWORK_STATUSES, networkForm, networkUniqueIndexes, networkUpdateForm } from './schema';

const SERVICE_TYPE_ORDER = ['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other'];
const newQuery = z.object({ sectorId: z.coerce.number().int().positive().optional().catch(undefined) });

/** Fixed participants grouped by their unit's service type, in the model's order. */
function groupByServiceType(members: Member[]) {
  return SERVICE_TYPE_ORDER.map((serviceType) => ({ serviceType, members: members.filter((m) => m.serviceType === serviceType) })).filter(
    (group) => group.members.length > 0,
  );
}

export function networkRoutes(db: Db): Router {
  const router = Router();
  const loadNetwork = (params: unknown) => loadById(params, (id) => findNetwork(db, id));

  async function renderForm(res: Response, status: number, values: Record<string, unknown>, errors: FormErrors, network?: Network) {
    const t = res.locals.t;
    const sectors = await sectorOptions(db);
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
      breadcrumbs: network ? [...networkBreadcrumbs(res, network), { href: `/networks/${network.id}`, label: network.name }] : [{ href: '/regions', label: t('regions.title') }],
    });
  }

  router.get('/networks/new', async (req, res) => {
    await renderForm(res, 200, { sectorId: newQuery.parse(req.query).sectorId, kind: 'local', status: 'active' }, {});
  });

  router.post('/networks', async (req, res) => {
    await submitForm(res, {
      input: req.body,
      schema: networkForm,
      unique: networkUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors),
      save: async (form) => `/networks/${await createNetwork(db, form)}`,
      saved: 'common.createdMessage',
    });
  });

  router.get('/networks/:id', async (req, res) => {
    const network = await loadNetwork(req.params);
    const year = currentYearInOslo();
    const [members, units, gatherings] = await Promise.all([
      networkMembers(db, network.id, 'current'),
      memberUnits(db, network.id),
      gatheringsInYear(db, network.id, year),
    ]);
    res.render('networks/show', {
      title: network.name,
      network,
      year,
      leader: members.find((m) => m.role === 'leader'),
      workingGroup: members.filter((m) => m.role === 'workingGroup'),
      participantGroups: groupByServiceType(members.filter((m) => m.role === 'participant')),
      participantCount: members.filter((m) => m.role === 'participant').length,
      units,
      gatherings,
      physicalCount: gatherings.filter((g) => g.status === 'planned' && g.format !== 'digital').length,
      breadcrumbs: networkBreadcrumbs(res, network),
    });
  });

  router.get('/networks/:id/edit', async (req, res) => {
    const network = await loadNetwork(req.params);
    await renderForm(res, 200, { ...network }, {}, network);
  });

  router.post('/networks/:id', async (req, res) => {
    const network = await loadNetwork(req.params);
    await submitForm(res, {
      input: req.body,
      schema: networkUpdateForm,
      unique: networkUniqueIndexes,
      render: (status, errors) => renderForm(res, status, req.body, errors, network),
      save: async (form) => {
        await updateNetwork(db, network.id, form.version, form);
        return `/networks/${network.id}`;
      },
      saved: 'common.saved',
    });
  });

  addArchiveRoutes(router, '/networks', (id) => findNetwork(db, id), (id, archived) => archiveNetwork(db, id, archived));
  router.use(memberRoutes(db, loadNetwork));
  return router;
}
