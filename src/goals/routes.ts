import { type Request, type Response, Router } from 'express';
import { canEditGatherings } from '../access/policy';
import { auditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { yearOrThisYear } from '../kernel/fields';
import { loadNetworkFor } from '../networks/access';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import type { Network } from '../networks/queries';
import { type FormErrors, submitForm } from '../web/forms';
import { goalsDigest, goalsOf, saveGoals } from './queries';
import { GOAL_FIELDS, goalsForm } from './schema';

/** A network's goals ("Mål") for a year, set by those who plan its gatherings. */
export function goalsRoutes(db: Db): Router {
  const router = Router();

  function render(
    req: Request,
    res: Response,
    network: Network,
    year: number,
    status: number,
    values: Record<string, unknown>,
    errors: FormErrors,
  ) {
    const t = res.locals.t;
    res.status(status).render('goals/edit', {
      title: t('goals.title', { name: network.name, year }),
      network,
      year,
      values,
      errors,
      breadcrumbs: [
        ...networkBreadcrumbs(req, res, network),
        { href: `/networks/${network.id}/plan?year=${year}`, label: t('planning.title', { name: network.name, year }) },
      ],
    });
    return Promise.resolve();
  }

  const formValues = (year: number, goals: string[]) => ({
    year,
    loaded: goalsDigest(goals),
    ...Object.fromEntries(GOAL_FIELDS.map((name, i) => [name, goals[i] ?? ''])),
  });

  router.get('/networks/:id/goals', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const year = yearOrThisYear().parse(req.query.year);
    await render(req, res, network, year, 200, formValues(year, await goalsOf(db, network.id, year)), {});
  });

  router.post('/networks/:id/goals', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const year = yearOrThisYear().parse((req.body as Record<string, unknown>).year);
    await submitForm(res, {
      db,
      input: req.body,
      schema: goalsForm,
      render: (status, errors) => render(req, res, network, year, status, req.body, errors),
      save: async (form, trx) => {
        const before = await saveGoals(trx, network.id, form.year, form.goals, form.loaded);
        await recordAudit(trx, auditContext(req), {
          action: 'setGoals',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          before: { year: form.year, goals: before },
          after: { year: form.year, goals: form.goals },
        });
        return `/networks/${network.id}/plan?year=${form.year}`;
      },
      saved: 'goals.saved',
    });
  });

  return router;
}
