import { isDeepStrictEqual } from 'node:util';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import { Router, type Request, type Response } from 'express';
import { canEditGathering } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { scheduleGatheringUpdate } from '../invitations/updates';
import { loadGatheringFor } from '../gatherings/access';
import type { Network } from '../networks/queries';
import { toPlanGathering } from '../gatherings/model';
import { currentUnits, planningUnits } from '../networks/members';
import type { Gathering } from '../gatherings/queries';
import { actorOf } from '../access/auth';
import { formatDate, todayInOslo } from '../kernel/dates';
import { parseForm, submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { NotFoundError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { checkAgenda, ITEM_KINDS, retimed, schedule, templateAgenda, type TemplateItem } from './checks';
import {
  addItem,
  agendaItems,
  agendaVersions,
  moveItem,
  publishVersion,
  removeItem,
  topicChoices,
  updateItem,
  type AgendaSnapshot,
  type StoredItem,
} from './queries';
import { itemForm, itemParams, moveForm, topicForm, versionParams } from './schema';

/** The agenda builder: items, template, topic, checks, publishing with versions, print view. */
export function agendaRoutes(db: Db, config: Config): Router {
  const router = Router();
  const agendaPage = (g: Gathering) => `/gatherings/${g.id}/agenda`;

  async function settingsOf(networkId: number) {
    return (await db('networks')
      .where({ id: networkId })
      .first(
        'min_exchange_percent as minExchangePercent',
        'agenda_due_days as agendaDueDays',
        'agenda_template as agendaTemplate',
      )) as { minExchangePercent: number; agendaDueDays: number; agendaTemplate: TemplateItem[] | null };
  }

  /** What a published version holds: the topic, the times and each item with who is responsible. */
  function snapshotOf(gathering: Gathering, items: StoredItem[], res: Response): AgendaSnapshot {
    const p = toPlanGathering(gathering, todayInOslo());
    return {
      topic: gathering.topic,
      startTime: p.startTime,
      endTime: p.endTime,
      items: schedule(p.startTime, items).map((i) => ({
        kind: i.kind,
        title: i.title,
        description: i.description,
        durationMinutes: i.durationMinutes,
        startTime: i.startTime,
        endTime: i.endTime,
        responsible:
          [i.responsibleUnitName ? `${i.responsibleOrganisation} – ${i.responsibleUnitName}` : '', i.responsiblePerson]
            .filter(Boolean)
            .join(', ') || res.locals.t('agenda.nobody'),
      })),
    };
  }

  /** From the print view back to the gathering's own page for those who run it, else to the network. */
  function backFromPrint(req: Request, res: Response, gathering: Gathering, network: Network) {
    return canEditGathering(
      actorOf(req),
      gathering.networkIds.map((id) => ({ id, regionId: network.regionId })),
    )
      ? { url: `/gatherings/${gathering.id}`, text: res.locals.t('attendance.back') }
      : { url: `/networks/${network.id}`, text: res.locals.t('agenda.backToNetwork') };
  }

  /** A published version at the gathering's current times: its items follow the gathering when it moves. */
  function atCurrentTimes(gathering: Gathering, snapshot: AgendaSnapshot): AgendaSnapshot {
    const p = toPlanGathering(gathering, todayInOslo());
    return retimed(snapshot, p.startTime, p.endTime);
  }

  async function render(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = {},
  ) {
    const t = res.locals.t;
    const today = todayInOslo();
    const p = toPlanGathering(gathering, today);
    const [items, versions, settings, units, topics] = await Promise.all([
      agendaItems(db, gathering.id),
      agendaVersions(db, gathering.id),
      settingsOf(network.id),
      planningUnits(db, network.id),
      topicChoices(db, network.id, network.regionId, gathering),
    ]);
    const issues = checkAgenda({
      items,
      startTime: p.startTime,
      endTime: p.endTime,
      minExchangePercent: settings.minExchangePercent,
      topic: gathering.topic,
    });
    const latest = versions[0];
    // Stored as jsonb, whose key order is not the one written: compare values, not strings.
    const changedSincePublished =
      latest !== undefined &&
      !isDeepStrictEqual(
        atCurrentTimes(gathering, latest.snapshot),
        JSON.parse(JSON.stringify(snapshotOf(gathering, items, res))),
      );
    const unitOptions = currentUnits(units, today).map((u) => ({
      value: u.id,
      label: `${u.organisation} – ${u.name}`,
    }));
    res.status(status).render('agenda/builder', {
      title: t('agenda.title', { date: formatDate(gathering.startsAt, res.locals.lang) }),
      gathering,
      network,
      plan: p,
      items: schedule(p.startTime, items).map((item, index) => ({
        ...item,
        first: index === 0,
        last: index === items.length - 1,
        issues: issues.filter((i) => i.index === index).map((i) => t(`agenda.issues.${i.code}`, i.params)),
      })),
      // Every problem in one list before the publish button; item problems also show at their item.
      generalIssues: issues.map((i) => ({ text: t(`agenda.issues.${i.code}`, i.params), blocking: i.blocking })),
      blocking: issues.some((i) => i.blocking),
      latest,
      changedSincePublished,
      versions,
      kindOptions: ITEM_KINDS.map((kind) => ({ value: kind, label: t(`agenda.kinds.${kind}`) })),
      unitOptions,
      // Suggestions first: topics the network has not covered, those popular elsewhere in the region on top.
      topicOptions: [...topics]
        .sort(
          (a, b) =>
            Number(a.coveredAt !== null) - Number(b.coveredAt !== null) ||
            b.usedInRegion - a.usedInRegion ||
            a.title.localeCompare(b.title),
        )
        .map((topic) => ({
          value: topic.id,
          label: topic.coveredAt
            ? t('agenda.topicCovered', { title: topic.title })
            : topic.usedInRegion > 0
              ? t('agenda.topicPopular', { title: topic.title, count: topic.usedInRegion })
              : topic.title,
        })),
      values,
      errors,
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  }

  const edit = (req: Request) => loadGatheringFor(db, req, 'edit');
  const unitsOf = async (network: Network) => {
    const today = todayInOslo();
    return currentUnits(await planningUnits(db, network.id), today).map((u) => u.id);
  };

  router.get('/gatherings/:id/agenda', async (req, res) => {
    const { gathering, network } = await edit(req);
    await render(req, res, gathering, network);
  });

  router.post('/gatherings/:id/agenda/template', async (req, res) => {
    const { gathering, network } = await edit(req);
    const settings = await settingsOf(network.id);
    const p = toPlanGathering(gathering, todayInOslo());
    await db.transaction(async (trx) => {
      if ((await agendaItems(trx, gathering.id)).length > 0) return;
      const items = templateAgenda({
        startTime: p.startTime,
        endTime: p.endTime,
        template: settings.agendaTemplate,
        presenterUnitIds: gathering.presenterUnitIds,
        hostUnitId: gathering.hostUnitId,
      });
      for (const item of items) {
        // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; a template has a handful of items
        await addItem(trx, gathering.id, {
          ...item,
          title: item.title || res.locals.t(`agenda.kinds.${item.kind}`),
          description: '',
        });
      }
      await recordAudit(trx, auditContext(req), {
        action: 'agendaFromTemplate',
        entityType: 'gatherings',
        entityId: gathering.id,
        regionId: network.regionId,
      });
    });
    res.redirect(303, agendaPage(gathering));
  });

  router.post('/gatherings/:id/agenda/items', async (req, res) => {
    const { gathering, network } = await edit(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: itemForm,
      render: (status, errors) => render(req, res, gathering, network, status, req.body, errors),
      save: async (form, trx) => {
        if (form.responsibleUnitId !== null && !(await unitsOf(network)).includes(form.responsibleUnitId))
          throw new FieldError('responsibleUnitId', 'errors.choice');
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

  async function loadItem(req: Request) {
    const parsed = itemParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('agenda item');
    const { gathering, network } = await edit(req);
    const item = (await agendaItems(db, gathering.id)).find((i) => i.id === parsed.data.itemId);
    if (!item) throw new NotFoundError('agenda item');
    return { gathering, network, item };
  }

  router.get('/gatherings/:id/agenda/items/:itemId/edit', async (req, res) => {
    const { gathering, network, item } = await loadItem(req);
    res.render('agenda/item', {
      title: res.locals.t('agenda.editItem'),
      gathering,
      network,
      item,
      values: { ...item, anonymisedConfirmed: item.anonymisedConfirmed ? 'on' : undefined },
      errors: {},
      ...(await itemChoices(res, network)),
    });
  });

  async function itemChoices(res: Response, network: Network) {
    const today = todayInOslo();
    const units = currentUnits(await planningUnits(db, network.id), today);
    return {
      kindOptions: ITEM_KINDS.map((kind) => ({ value: kind, label: res.locals.t(`agenda.kinds.${kind}`) })),
      unitOptions: units.map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
    };
  }

  router.post('/gatherings/:id/agenda/items/:itemId', async (req, res) => {
    const { gathering, network, item } = await loadItem(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: itemForm,
      render: async (status, errors) =>
        res.status(status).render('agenda/item', {
          title: res.locals.t('agenda.editItem'),
          gathering,
          network,
          item,
          values: req.body,
          errors,
          ...(await itemChoices(res, network)),
        }),
      save: async (form, trx) => {
        if (form.responsibleUnitId !== null && !(await unitsOf(network)).includes(form.responsibleUnitId))
          throw new FieldError('responsibleUnitId', 'errors.choice');
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
    if (!parsed.ok) throw Object.assign(new Error('bad direction'), { status: 400 });
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

  router.post('/gatherings/:id/topic', async (req, res) => {
    const { gathering, network } = await edit(req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: topicForm,
      render: (status, errors) => render(req, res, gathering, network, status, req.body, errors),
      save: async (form, trx) => {
        let topicId = form.topicId;
        let title: string;
        if (topicId) {
          const chosen = (await topicChoices(trx, network.id, network.regionId, gathering)).find(
            (topic) => topic.id === topicId,
          );
          if (!chosen) throw new FieldError('topicId', 'errors.choice');
          title = chosen.title;
        } else {
          title = form.newTopic;
          const scope = form.shareWithRegion
            ? { region_id: network.regionId, network_id: null }
            : { region_id: null, network_id: network.id };
          const existing = await trx('topics').where(scope).whereRaw('lower(title) = lower(?)', [title]).first('id');
          topicId =
            existing?.id ??
            (
              (
                await trx('topics')
                  .insert({ ...scope, title, created_by: actorOf(req).id })
                  .returning('id')
              )[0] as { id: number }
            ).id;
        }
        await trx('gatherings')
          .where({ id: gathering.id })
          .update({ topic: title, topic_id: topicId, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
        await recordAudit(trx, auditContext(req), {
          action: 'setTopic',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { topic: gathering.topic },
          after: { topic: title },
        });
        return agendaPage(gathering);
      },
      saved: 'agenda.topicSet',
    });
  });

  router.post('/gatherings/:id/agenda/publish', async (req, res) => {
    const { gathering, network } = await edit(req);
    const settings = await settingsOf(network.id);
    const p = toPlanGathering(gathering, todayInOslo());
    const items = await agendaItems(db, gathering.id);
    const issues = checkAgenda({
      items,
      startTime: p.startTime,
      endTime: p.endTime,
      minExchangePercent: settings.minExchangePercent,
      topic: gathering.topic,
    });
    // Publishing is refused while a blocking check fails.
    if (issues.some((i) => i.blocking))
      return render(req, res, gathering, network, 422, {}, { form: 'agenda.errors.blocked' });
    const version = await db.transaction(async (trx) => {
      const published = await publishVersion(trx, gathering.id, snapshotOf(gathering, items, res), actorOf(req).id);
      // The published agenda goes out with the updated invitation; the version bump marks it as changed.
      await trx('gatherings')
        .where({ id: gathering.id })
        .update({ version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      await scheduleGatheringUpdate(trx, gathering.id, config.UPDATE_DELAY_MINUTES);
      await recordAudit(trx, auditContext(req), {
        action: 'publishAgenda',
        entityType: 'gatherings',
        entityId: gathering.id,
        regionId: network.regionId,
        after: { version: published },
      });
      return published;
    });
    res.locals.setFlash('agenda.published');
    res.redirect(303, `${agendaPage(gathering)}?version=${version}`);
  });

  // Members see the published agenda; the print view is A4 and logo-free.
  router.get('/gatherings/:id/agenda/print', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'view');
    const [latest] = await agendaVersions(db, gathering.id);
    const snapshot = latest
      ? atCurrentTimes(gathering, latest.snapshot)
      : snapshotOf(gathering, await agendaItems(db, gathering.id), res);
    res.render('agenda/print', {
      layout: 'print',
      title: res.locals.t('agenda.printTitle', { network: network.name }),
      heading: network.name,
      back: backFromPrint(req, res, gathering, network),
      gathering,
      snapshot,
      version: latest?.version,
      draft: latest === undefined,
    });
  });

  router.get('/gatherings/:id/agenda/versions/:version', async (req, res) => {
    const parsed = versionParams.safeParse(req.params);
    if (!parsed.success) throw new NotFoundError('version');
    const { gathering, network } = await loadGatheringFor(db, req, 'view');
    const version = (await agendaVersions(db, gathering.id)).find((v) => v.version === parsed.data.version);
    if (!version) throw new NotFoundError('version');
    res.render('agenda/print', {
      layout: 'print',
      title: res.locals.t('agenda.printTitle', { network: network.name }),
      heading: network.name,
      back: backFromPrint(req, res, gathering, network),
      gathering,
      snapshot: atCurrentTimes(gathering, version.snapshot),
      version: version.version,
    });
  });

  return router;
}
