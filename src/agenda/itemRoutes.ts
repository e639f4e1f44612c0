import { BadRequestError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { NotFoundError, FieldError } from '../kernel/errors';
import { currentUnits, planningUnits } from '../networks/members';
import { Router, type Request, type Response } from 'express';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import type { Gathering } from '../gatherings/queries';
import type { Network } from '../networks/queries';
import { todayInOslo } from '../kernel/dates';
import { parseForm, submitForm, type FormErrors } from '../web/forms';
import { itemChoices, renderBuilder } from './builderView';
import { addItem, agendaItems, moveItem, removeItem, updateItem, type StoredItem } from './queries';
import { itemForm, itemParams, moveForm } from './schema';
import { materialsOfGathering } from '../materials/queries';
import { materialRow } from '../materials/view';

/** An agenda's items: adding one (on the builder), editing, moving and removing one. */
export function agendaItemRoutes(db: Db): Router {
  const router = Router();
  const agendaPage = (g: Gathering) => `/gatherings/${g.id}/agenda`;

  /** The unit responsible for an item must be one of the network's current units. */
  async function checkResponsibleUnit(network: Network, unitId: number | null) {
    if (unitId === null) return;
    const units = currentUnits(await planningUnits(db, network.id), todayInOslo());
    if (!units.some((u) => u.id === unitId)) throw new FieldError('responsibleUnitId', 'errors.choice');
  }

  async function loadItem(req: Request) {
    const parsed = itemParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('agenda item');
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    const item = (await agendaItems(db, gathering.id)).find((i) => i.id === parsed.data.itemId);
    if (!item) throw new NotFoundError('agenda item');
    return { gathering, network, item };
  }

  async function renderItem(
    res: Response,
    page: { gathering: Gathering; network: Network; item: StoredItem },
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
  ) {
    const materials = (await materialsOfGathering(db, page.gathering.id)).filter(
      (m) => m.agendaItemId === page.item.id,
    );
    res.status(status).render('agenda/item', {
      title: res.locals.t('agenda.editItem'),
      ...page,
      materials: materials.map((m) => materialRow(m, (x) => `/materials/${x.id}`)),
      values,
      errors,
      ...(await itemChoices(db, res, page.network)),
    });
  }

  router.post('/gatherings/:id/agenda/items', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    await submitForm(res, {
      db,
      input: req.body,
      schema: itemForm,
      render: (status, errors) => renderBuilder(db, req, res, { gathering, network }, status, req.body, errors),
      save: async (form, trx) => {
        await checkResponsibleUnit(network, form.responsibleUnitId);
        await addItem(trx, gathering.id, form);
        await recordAudit(trx, auditContext(req), {
          action: 'addAgendaItem',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          after: form,
        });
        return agendaPage(gathering);
      },
      saved: 'agenda.itemAdded',
    });
  });

  router.get('/gatherings/:id/agenda/items/:itemId/edit', async (req, res) => {
    const page = await loadItem(req);
    const { item } = page;
    await renderItem(res, page, 200, { ...item, anonymisedConfirmed: item.anonymisedConfirmed ? 'on' : undefined }, {});
  });

  router.post('/gatherings/:id/agenda/items/:itemId', async (req, res) => {
    const page = await loadItem(req);
    const { gathering, network, item } = page;
    await submitForm(res, {
      db,
      input: req.body,
      schema: itemForm,
      render: (status, errors) => renderItem(res, page, status, req.body, errors),
      save: async (form, trx) => {
        await checkResponsibleUnit(network, form.responsibleUnitId);
        await updateItem(trx, gathering.id, item.id, form);
        await recordAudit(trx, auditContext(req), {
          action: 'updateAgendaItem',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { ...item },
          after: form,
        });
        return agendaPage(gathering);
      },
      saved: 'common.saved',
    });
  });

  router.post('/gatherings/:id/agenda/items/:itemId/move', async (req, res) => {
    const { gathering, item } = await loadItem(req);
    const parsed = parseForm(moveForm, req.body);
    if (!parsed.ok) throw new BadRequestError('bad direction');
    await db.transaction((trx) => moveItem(trx, gathering.id, item.id, parsed.data.direction));
    res.redirect(303, `${agendaPage(gathering)}#item-${item.id}`);
  });

  router.post('/gatherings/:id/agenda/items/:itemId/delete', async (req, res) => {
    const { gathering, network, item } = await loadItem(req);
    await db.transaction(async (trx) => {
      await removeItem(trx, gathering.id, item.id);
      await recordAudit(trx, auditContext(req), {
        action: 'removeAgendaItem',
        entityType: 'gatherings',
        entityId: gathering.id,
        regionId: network.regionId,
        before: { title: item.title },
        after: { title: null },
      });
    });
    res.locals.setFlash('agenda.itemRemoved');
    res.redirect(303, agendaPage(gathering));
  });

  return router;
}
