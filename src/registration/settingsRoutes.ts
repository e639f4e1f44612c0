import { Router, type Request, type Response } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canManageRegion } from '../access/policy';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { gatheringBreadcrumbs } from '../gatherings/breadcrumbs';
import { loadGatheringFor } from '../gatherings/access';
import type { Gathering } from '../gatherings/queries';
import type { Config } from '../kernel/config';
import { formatTime, osloDate, toInstants } from '../kernel/dates';
import { NotFoundError } from '../kernel/errors';
import { newSecretToken } from '../kernel/secretTokens';
import type { Network } from '../networks/queries';
import { submitForm, type FormErrors } from '../web/forms';
import { actionLimit } from '../web/rateLimit';
import { fillFromWaitingList } from './commands';
import {
  createSettings,
  findSettings,
  placesTaken,
  settingsRow,
  updateSettings,
  type RegistrationSettings,
} from './queries';
import { placesLeft } from './rules';
import { settingsForm } from './schema';

/** A fagdag and the network KORUS reaches it through; only a fagdag has open registration, only KORUS sets it up. */
export async function loadFagdag(db: Db, req: Request): Promise<{ gathering: Gathering; network: Network }> {
  const { gathering, network } = await loadGatheringFor(db, req, 'edit');
  if (gathering.kind !== 'fagdag') throw new NotFoundError('not a fagdag');
  authorize(canManageRegion(actorOf(req), network.regionId));
  return { gathering, network };
}

const formValues = (s: RegistrationSettings) => ({
  open: s.open,
  capacity: s.capacity,
  deadlineDate: osloDate(s.deadline),
  deadlineTime: formatTime(s.deadline),
  openToOutsiders: s.openToOutsiders,
  questions: s.questions.join('\n'),
  version: s.version,
});

/** KORUS's settings for registering to a fagdag: `/gatherings/:id/registration`. */
export function registrationSettingsRoutes(db: Db, config: Config): Router {
  const router = Router();

  async function render(
    req: Request,
    res: Response,
    gathering: Gathering,
    network: Network,
    status = 200,
    values?: Record<string, unknown>,
    errors: FormErrors = {},
  ) {
    const settings = await findSettings(db, gathering.id);
    const taken = settings ? await placesTaken(db, gathering.id) : undefined;
    res.status(status).render('registration/settings', {
      title: res.locals.t('registration.settings.title'),
      gathering,
      network,
      settings,
      publicUrl: settings ? new URL(`/pamelding/${settings.publicSlug}`, config.BASE_URL).toString() : '',
      taken,
      left: settings && taken ? placesLeft(settings.capacity, taken) : undefined,
      values:
        values ??
        (settings
          ? formValues(settings)
          : { open: true, openToOutsiders: true, deadlineDate: '', deadlineTime: '12:00' }),
      errors,
      breadcrumbs: gatheringBreadcrumbs(req, res, gathering, network),
    });
  }

  router.get('/gatherings/:id/registration', async (req, res) => {
    const { gathering, network } = await loadFagdag(db, req);
    await render(req, res, gathering, network);
  });

  router.post('/gatherings/:id/registration', actionLimit(db, 'registration-settings'), async (req, res) => {
    const { gathering, network } = await loadFagdag(db, req);
    await submitForm(res, {
      db,
      input: req.body,
      schema: settingsForm,
      render: (status, errors) => render(req, res, gathering, network, status, req.body, errors),
      save: async (form, trx) => {
        const actor = actorOf(req);
        const deadline = toInstants({
          date: form.deadlineDate,
          startTime: form.deadlineTime,
          endTime: form.deadlineTime,
        }).startsAt;
        const row = settingsRow({ ...form, deadline, organizerName: actor.name, organizerEmail: actor.email });
        const before = await findSettings(trx, gathering.id);
        if (before) await updateSettings(trx, gathering.id, form.version ?? 0, row);
        else await createSettings(trx, gathering.id, row, newSecretToken(12));
        // A raised capacity moves the waiting list up at once.
        const moved = await fillFromWaitingList(trx, gathering.id, config.BASE_URL);
        await recordAudit(trx, auditContext(req), {
          action: 'updateRegistrationSettings',
          entityType: 'gatherings',
          entityId: gathering.id,
          regionId: network.regionId,
          before: before ? { ...formValues(before), questions: before.questions, version: undefined } : {},
          after: { ...form, version: undefined, movedUp: moved || undefined },
        });
        return `/gatherings/${gathering.id}/registration`;
      },
      saved: 'registration.settings.saved',
    });
  });

  return router;
}
