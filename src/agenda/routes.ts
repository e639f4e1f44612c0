import { auditContext } from '../audit/record';
import { FieldError } from '../kernel/errors';
import { Router } from 'express';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import type { Gathering } from '../gatherings/queries';
import { actorOf } from '../access/auth';
import { submitForm } from '../web/forms';
import { issuesOf, renderBuilder, snapshotOf, timesOf } from './builderView';
import { publishAgenda, startFromTemplate } from './commands';
import { addFollowUpItem } from './followUp';
import { agendaPrintRoutes } from './printRoutes';
import { agendaItemRoutes } from './itemRoutes';
import { agendaItems, agendaSettings, findOrCreateTopic, setGatheringTopic, topicChoices } from './queries';
import { topicForm } from './schema';

/** The agenda builder: its page, the template, the topic and publishing; items and the print view beside it. */
export function agendaRoutes(db: Db, config: Config): Router {
  const router = Router();
  const agendaPage = (g: Gathering) => `/gatherings/${g.id}/agenda`;

  router.get('/gatherings/:id/agenda', async (req, res) => {
    const page = await loadGatheringFor(db, req, 'edit');
    await renderBuilder(db, req, res, page);
  });

  router.post('/gatherings/:id/agenda/template', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    const settings = await agendaSettings(db, network.id);
    await db.transaction((trx) =>
      startFromTemplate(trx, auditContext(req), {
        gathering,
        regionId: network.regionId,
        times: timesOf(gathering),
        template: settings.agendaTemplate,
        kindName: (kind) => res.locals.t(`agenda.kinds.${kind}`),
      }),
    );
    res.redirect(303, agendaPage(gathering));
  });

  // The follow-up of open actions from earlier minutes, added with one click.
  router.post('/gatherings/:id/agenda/follow-up', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    const title = res.locals.t('minutes.followUp.title');
    const added = await db.transaction(async (trx) => {
      if (!(await addFollowUpItem(trx, { networkId: network.id, gathering, title, language: res.locals.lang })))
        return false;
      await recordAudit(trx, auditContext(req), {
        action: 'addAgendaItem',
        entityType: 'gatherings',
        entityId: gathering.id,
        regionId: network.regionId,
        after: { title },
      });
      return true;
    });
    if (added) res.locals.setFlash('minutes.followUp.added');
    res.redirect(303, agendaPage(gathering));
  });

  router.post('/gatherings/:id/topic', async (req, res) => {
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    await submitForm(res, {
      db,
      input: req.body,
      schema: topicForm,
      render: (status, errors) => renderBuilder(db, req, res, { gathering, network }, status, req.body, errors),
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
          topicId = await findOrCreateTopic(trx, {
            title,
            networkId: network.id,
            regionId: network.regionId,
            shareWithRegion: form.shareWithRegion,
            createdBy: actorOf(req).id,
          });
        }
        await setGatheringTopic(trx, gathering.id, topicId, title);
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
    const { gathering, network } = await loadGatheringFor(db, req, 'edit');
    const [settings, items] = await Promise.all([agendaSettings(db, network.id), agendaItems(db, gathering.id)]);
    // Publishing is refused while a blocking check fails.
    if (issuesOf(gathering, items, settings.minExchangePercent).some((i) => i.blocking))
      return renderBuilder(db, req, res, { gathering, network }, 422, {}, { form: 'agenda.errors.blocked' });
    const version = await db.transaction((trx) =>
      publishAgenda(
        trx,
        auditContext(req),
        {
          gatheringId: gathering.id,
          regionId: network.regionId,
          snapshot: snapshotOf(gathering, items, res),
          publishedBy: actorOf(req).id,
        },
        config.UPDATE_DELAY_MINUTES,
      ),
    );
    res.locals.setFlash('agenda.published');
    res.redirect(303, `${agendaPage(gathering)}?version=${version}`);
  });

  router.use(agendaItemRoutes(db));
  router.use(agendaPrintRoutes(db));
  return router;
}
