import { Router, type Request } from 'express';
import { actorOf } from '../access/auth';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { invitationMailOptions } from '../invitations/send';
import type { Config } from '../kernel/config';
import { BadRequestError, FieldError, NotFoundError } from '../kernel/errors';
import { networkMembers } from '../networks/members';
import { parseForm, submitForm } from '../web/forms';
import { actionLimit } from '../web/rateLimit';
import { loadMinutesFor } from './access';
import { renderEditor, snapshotOf, unitOptions } from './editorView';
import { publishMinutes } from './publish';
import { addAction, closeAction, minutesActions, minutesVersions, saveMinutes, setNoteTaker } from './queries';
import { actionForm, actionParams, closeForm, minutesForm, noteTakerForm } from './schema';
import { changedSections, hasContent } from './snapshot';

/** Writing a gathering's minutes: the text, the note-taker, the actions, closing them, and publishing. */
export function minutesRoutes(db: Db, config: Config): Router {
  const router = Router();
  const minutesPage = (id: number) => `/gatherings/${id}/minutes`;

  router.get('/gatherings/:id/minutes', async (req, res) => {
    const page = await loadMinutesFor(db, req, 'read');
    // Members who do not write the minutes read the published ones.
    if (!page.may.write) return res.redirect(303, `${minutesPage(page.gathering.id)}/print`);
    await renderEditor(db, req, res, page);
  });

  router.post('/gatherings/:id/minutes', async (req, res) => {
    const page = await loadMinutesFor(db, req, 'write');
    const { gathering, network } = page;
    await submitForm(res, {
      db,
      input: req.body,
      schema: minutesForm,
      render: (status, errors) => renderEditor(db, req, res, page, status, { form: 'text', values: req.body }, errors),
      save: async (form, trx) => {
        await saveMinutes(trx, gathering.id, form);
        await recordAudit(trx, auditContext(req), {
          action: 'saveMinutes',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
        });
        return minutesPage(gathering.id);
      },
      saved: 'minutes.saved',
    });
  });

  router.post('/gatherings/:id/minutes/note-taker', async (req, res) => {
    const page = await loadMinutesFor(db, req, 'lead');
    const { gathering, network } = page;
    await submitForm(res, {
      db,
      input: req.body,
      schema: noteTakerForm,
      render: (status, errors) => renderEditor(db, req, res, page, status, undefined, errors),
      save: async (form, trx) => {
        const members = await networkMembers(trx, network.id, 'current');
        if (form.noteTakerId !== null && !members.some((m) => m.participantId === form.noteTakerId))
          throw new FieldError('noteTakerId', 'errors.choice');
        await setNoteTaker(trx, gathering.id, form.noteTakerId);
        await recordAudit(trx, auditContext(req), {
          action: 'setNoteTaker',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: { participantId: page.minutes.noteTakerId },
          after: { participantId: form.noteTakerId },
        });
        return minutesPage(gathering.id);
      },
      saved: 'minutes.noteTakerSet',
    });
  });

  router.post('/gatherings/:id/minutes/actions', async (req, res) => {
    const page = await loadMinutesFor(db, req, 'write');
    const { gathering, network } = page;
    await submitForm(res, {
      db,
      input: req.body,
      schema: actionForm,
      render: (status, errors) =>
        renderEditor(db, req, res, page, status, { form: 'action', values: req.body }, errors),
      save: async (form, trx) => {
        if (
          form.responsibleUnitId !== null &&
          !(await unitOptions(trx, network.id)).some((u) => u.value === form.responsibleUnitId)
        )
          throw new FieldError('responsibleUnitId', 'errors.choice');
        await addAction(trx, gathering.id, form);
        await recordAudit(trx, auditContext(req), {
          action: 'addMinutesAction',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          after: {
            title: form.what,
            responsibleUnitId: form.responsibleUnitId,
            responsiblePerson: form.responsiblePerson,
            date: form.dueOn ?? null,
          },
        });
        return `${minutesPage(gathering.id)}#actions`;
      },
      saved: 'minutes.actionAdded',
    });
  });

  router.post('/gatherings/:id/minutes/actions/:actionId/close', async (req: Request, res) => {
    const params = actionParams.safeParse(req.params);
    if (!params.success) throw new NotFoundError('action');
    const { gathering, network } = await loadMinutesFor(db, req, 'write');
    const parsed = parseForm(closeForm, req.body);
    if (!parsed.ok) throw new BadRequestError('bad form');
    const action = (await minutesActions(db, gathering.id)).find((a) => a.id === params.data.actionId);
    if (!action) throw new NotFoundError('action');
    await db.transaction(async (trx) => {
      // Closing one already closed changes nothing and is not recorded again.
      if (!(await closeAction(trx, gathering.id, action.id, actorOf(req).id))) return;
      await recordAudit(trx, auditContext(req), {
        action: 'closeMinutesAction',
        entityType: 'gatherings',
        entityId: gathering.id,
        regionId: network.regionId,
        about: { title: action.what },
      });
    });
    res.locals.setFlash('minutes.actionClosed');
    res.redirect(
      303,
      parsed.data.back === 'network' ? `/networks/${network.id}#actions` : `${minutesPage(gathering.id)}#actions`,
    );
  });

  router.post(
    '/gatherings/:id/minutes/publish',
    actionLimit(db, 'minutes-publish', { limit: 20 }),
    async (req, res) => {
      const page = await loadMinutesFor(db, req, 'write');
      const { gathering, network, minutes } = page;
      const [actions, [latest]] = await Promise.all([
        minutesActions(db, gathering.id),
        minutesVersions(db, gathering.id),
      ]);
      const snapshot = snapshotOf(minutes, actions);
      if (!hasContent(snapshot))
        return renderEditor(db, req, res, page, 422, undefined, { form: 'minutes.errors.empty' });
      // Publishing again what everyone already has would only repeat the email.
      if (latest && changedSections(latest.snapshot, snapshot).length === 0) {
        res.locals.setFlash('minutes.unchanged');
        return res.redirect(303, minutesPage(gathering.id));
      }
      const actor = actorOf(req);
      const { version } = await db.transaction(async (trx) =>
        publishMinutes(
          trx,
          auditContext(req),
          { gatheringId: gathering.id, regionId: network.regionId, snapshot, publishedBy: actor.id },
          await invitationMailOptions(trx, network, actor, config),
        ),
      );
      res.locals.setFlash('minutes.published');
      res.redirect(303, `${minutesPage(gathering.id)}?version=${version}`);
    },
  );

  return router;
}
