import { fagdagForm } from './schema';
import { allInRegion, canHostInRegion, regionYear } from './regionQueries';
import { regionClashes } from './clashes';
import { Router, type Request, type Response } from 'express';
import { authorize, canManageRegion } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { findRegion, type Region } from '../regions/queries';
import { actorOf } from '../access/auth';
import { currentYearInOslo, todayInOslo } from '../kernel/dates';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { toInstants } from '../kernel/dates';
import { insertGathering } from '../gatherings/queries';
import { yearQuery } from '../kernel/fields';

/** KORUS's view of a region's year: every network's gatherings, clashes, and joint fagdager. */
export function regionPlanningRoutes(db: Db): Router {
  const router = Router();

  async function loadRegion(req: Request): Promise<Region> {
    const region = await loadById(req.params, (regionId) => findRegion(db, regionId));
    authorize(canManageRegion(actorOf(req), region.id));
    return region;
  }

  async function render(
    res: Response,
    region: Region,
    year: number,
    status = 200,
    values: Record<string, unknown> = {},
    errors: FormErrors = {},
  ) {
    const { networks, rows, hosts } = await regionYear(db, region.id, year);
    const clashes = regionClashes(rows);
    const chosen = ([] as unknown[]).concat(values.networkIds ?? []).map(String);
    res.status(status).render('planning/region', {
      title: res.locals.t('planning.region.title', { name: region.name, year }),
      region,
      year,
      previousYear: year - 1,
      nextYear: year + 1,
      networks: networks.map((n) => ({
        ...n,
        gatherings: rows.filter((g) => g.networkId === n.id).map((g) => ({ ...g, clash: clashes.has(g.id) })),
        checked: chosen.includes(String(n.id)),
      })),
      clashCount: clashes.size,
      hostOptions: hosts.map((u) => ({ value: u.id, label: `${u.organisation} – ${u.name}` })),
      values,
      errors,
      breadcrumbs: [
        { href: '/regions', label: res.locals.t('regions.title') },
        { href: `/regions/${region.id}`, label: region.name },
      ],
    });
  }

  router.get('/regions/:id/plan', async (req, res) => {
    const region = await loadRegion(req);
    await render(res, region, yearQuery.parse(req.query).year ?? currentYearInOslo());
  });

  router.post('/regions/:id/fagdag', async (req, res) => {
    const region = await loadRegion(req);
    const year = yearQuery.parse(req.body).year ?? currentYearInOslo();
    await submitForm(res, {
      db,
      input: req.body,
      schema: fagdagForm,
      render: (status, errors) => render(res, region, year, status, req.body, errors),
      save: async (form, trx) => {
        if (form.date <= todayInOslo()) throw new FieldError('date', 'planning.errors.dateInPast');
        if (!(await allInRegion(trx, region.id, form.networkIds))) throw new FieldError('networkIds', 'errors.choice');
        if (form.hostUnitId !== null && !(await canHostInRegion(trx, region.id, form.hostUnitId)))
          throw new FieldError('hostUnitId', 'planning.errors.hostChoice');
        // docs/domain.md, rule 3: one joint extended fagdag across sectors, counted in each network's year.
        const gatheringId = await insertGathering(
          trx,
          form.networkIds,
          {
            ...toInstants(form),
            kind: 'fagdag',
            format: 'physical',
            venue: form.venue,
            meetingUrl: '',
            topic: form.topic,
            hostUnitId: form.hostUnitId,
            presenterUnitIds: [],
          },
          'planned',
        );
        await recordAudit(trx, auditContext(req), {
          action: 'createFagdag',
          entityType: 'gatherings',
          entityId: gatheringId,
          regionId: region.id,
          after: form,
        });
        return `/regions/${region.id}/plan?year=${form.date.slice(0, 4)}`;
      },
      saved: 'planning.region.fagdagCreated',
    });
  });

  return router;
}
