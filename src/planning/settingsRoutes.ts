import { loadNetworkFor } from '../networks/access';
import { Router, type Request, type Response } from 'express';
import { canEditGatherings } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import type { Network } from '../networks/queries';
import { submitForm, type FormErrors } from '../web/forms';
import { auditContext } from '../audit/record';
import { planningSettings, updatePlanningSettings, type PlanningSettings } from './queries';
import { FORMATS } from '../gatherings/model';
import { settingsForm } from './schema';

/** How the network plans: gatherings a year, weekdays, time window, formats and blocked periods. */
export function planningSettingsRoutes(db: Db): Router {
  const router = Router();

  function render(
    req: Request,
    res: Response,
    network: Network,
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
  ) {
    const t = res.locals.t;
    const chosen = ([] as unknown[]).concat(values.preferredWeekdays ?? []).map(String);
    res.status(status).render('planning/settings', {
      title: t('planning.settings.title', { name: network.name }),
      network,
      values,
      errors,
      weekdayOptions: [1, 2, 3, 4, 5].map((day) => ({
        value: day,
        label: t(`planning.weekdays.${day}`),
        checked: chosen.includes(String(day)),
      })),
      formatOptions: FORMATS.map((f) => ({ value: f, label: t(`gatherings.formats.${f}`) })),
      breadcrumbs: [
        ...networkBreadcrumbs(req, res, network),
        { href: `/networks/${network.id}/plan`, label: t('planning.title', { name: network.name, year: '' }).trim() },
      ],
    });
    return Promise.resolve();
  }

  const toValues = (s: PlanningSettings) => ({
    ...s,
    blockedPeriods: s.blockedPeriods.map((p) => (p.from === p.to ? p.from : `${p.from} ${p.to}`)).join('\n'),
  });

  router.get('/networks/:id/settings', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    await render(req, res, network, 200, toValues(await planningSettings(db, network.id)), {});
  });

  router.post('/networks/:id/settings', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const before = await planningSettings(db, network.id);
    await submitForm(res, {
      db,
      input: req.body,
      schema: settingsForm,
      render: (status, errors) => render(req, res, network, status, req.body, errors),
      save: async (form, trx) => {
        await updatePlanningSettings(trx, network.id, form.version, form);
        await recordAudit(trx, auditContext(req), {
          action: 'update',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { ...before },
          after: form,
        });
        return `/networks/${network.id}/plan`;
      },
      saved: 'common.saved',
    });
  });

  return router;
}
