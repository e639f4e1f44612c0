import { regionClashes } from './clashes';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { authorize, canManageRegion } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { findRegion, type Region } from '../regions/queries';
import { actorOf } from '../access/auth';
import { currentYearInOslo, TIME_ZONE, todayInOslo } from '../kernel/dates';
import { clockTime, date, id, requiredText } from '../kernel/fields';
import { submitForm, type FormErrors } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { loadById } from '../kernel/params';
import { auditContext } from '../audit/record';
import { toInstants } from '../kernel/dates';
import { yearRange } from '../kernel/dates';
import { insertGathering } from '../gatherings/queries';
import { yearQuery } from '../kernel/fields';

const fagdagForm = z
  .object({
    date: date(),
    startTime: clockTime(),
    endTime: clockTime(),
    topic: requiredText(200),
    venue: requiredText(300),
    hostUnitId: z
      .union([z.literal('').transform(() => null), id()])
      .optional()
      .default(null),
    networkIds: z.preprocess(
      (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
      z.array(id()).min(2, 'planning.region.errors.networks').max(50),
    ),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime)
      ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'planning.errors.endBeforeStart' });
  });

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
    const { from, to } = yearRange(year);
    const [networks, rows, hosts] = await Promise.all([
      db('networks as n')
        .join('sectors as s', 's.id', 'n.sector_id')
        .where('s.region_id', region.id)
        .whereNull('n.archived_at')
        .orderBy(['s.name', 'n.name'])
        .select('n.id', 'n.name', 's.id as sectorId', 's.name as sectorName')
        .limit(500),
      db('gatherings as g')
        .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
        .join('networks as n', 'n.id', 'gn.network_id')
        .join('sectors as s', 's.id', 'n.sector_id')
        .leftJoin('units as hu', 'hu.id', 'g.host_unit_id')
        .where('s.region_id', region.id)
        .whereNot('g.status', 'cancelled')
        .where('g.starts_at', '>=', from)
        .where('g.starts_at', '<', to)
        .orderBy('g.starts_at')
        .select(
          'g.id',
          'g.starts_at as startsAt',
          'g.format',
          'g.kind',
          'g.status',
          'g.host_unit_id as hostUnitId',
          'hu.name as hostName',
          'gn.network_id as networkId',
          's.id as sectorId',
          db.raw(`to_char(g.starts_at at time zone '${TIME_ZONE}', 'YYYY-MM-DD') as date`),
        )
        .limit(5000),
      db('units')
        .where({ region_id: region.id, can_host: true })
        .whereNull('archived_at')
        .orderBy(['organisation', 'name'])
        .select('id', 'organisation', 'name')
        .limit(2000),
    ]);
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
        const inRegion = await trx('networks as n')
          .join('sectors as s', 's.id', 'n.sector_id')
          .where('s.region_id', region.id)
          .whereIn('n.id', form.networkIds)
          .pluck('n.id');
        if (inRegion.length !== form.networkIds.length) throw new FieldError('networkIds', 'errors.choice');
        if (
          form.hostUnitId !== null &&
          !(await trx('units').where({ id: form.hostUnitId, region_id: region.id, can_host: true }).first())
        )
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
