import { swapDuties } from './swap';
import { renderYear } from './yearView';
import { loadNetworkFor } from '../networks/access';
import { Router } from 'express';
import { canEditGatherings, canViewNetwork } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Config } from '../kernel/config';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { actorOf } from '../access/auth';
import { currentYearInOslo, todayInOslo } from '../kernel/dates';
import { parseForm, submitForm } from '../web/forms';
import { FieldError } from '../kernel/errors';
import { auditContext } from '../audit/record';
import { proposeYear, rotateDuties, toDutyRecord, toRotationUnit } from './commands';
import { acceptYearPlan, networkGatherings } from './queries';
import { planningUnits } from '../networks/members';
import { findGathering, lockGatherings, setDuties } from '../gatherings/queries';
import { dutyBalance } from './rotation';
import { proposeForm, swapForm } from './schema';
import { yearForm, yearQuery } from '../kernel/fields';
import { networkBreadcrumbs } from '../networks/breadcrumbs';

/** The network's year: plan, proposal, duties and the rules that are broken. */
export function planningRoutes(db: Db, _config: Config, _reads: CachedReads): Router {
  const router = Router();

  router.get('/networks/:id/plan', async (req, res) => {
    const network = await loadNetworkFor(db, req, canViewNetwork);
    const year = yearQuery.parse(req.query).year ?? currentYearInOslo();
    await renderYear(db, req, res, network, year);
  });

  router.post('/networks/:id/plan/propose', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(proposeForm, req.body);
    if (!parsed.ok) return renderYear(db, req, res, network, currentYearInOslo(), 422, parsed.errors);
    const { year, withFagdag } = parsed.data;
    await db.transaction(async (trx) => {
      const count = await proposeYear(trx, {
        networkId: network.id,
        year,
        today: todayInOslo(),
        now: new Date(),
        withFagdag,
      });
      await recordAudit(trx, auditContext(req), {
        action: 'proposePlan',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { year, proposed: count },
      });
    });
    res.locals.setFlash('planning.proposed');
    res.redirect(303, `/networks/${network.id}/plan?year=${year}`);
  });

  router.post('/networks/:id/plan/accept', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const parsed = parseForm(yearForm, req.body);
    if (!parsed.ok) return renderYear(db, req, res, network, currentYearInOslo(), 422, parsed.errors);
    await db.transaction(async (trx) => {
      const accepted = await acceptYearPlan(trx, network.id, parsed.data.year, actorOf(req).id);
      await recordAudit(trx, auditContext(req), {
        action: 'acceptPlan',
        entityType: 'networks',
        entityId: network.id,
        regionId: network.regionId,
        after: { year: parsed.data.year, accepted },
      });
    });
    res.locals.setFlash('planning.accepted');
    res.redirect(303, `/networks/${network.id}/plan?year=${parsed.data.year}`);
  });

  /** The year a posted form is about, for showing the year again when the form is refused. */
  const postedYear = (body: unknown) => {
    const parsed = yearForm.safeParse(body);
    return parsed.success ? parsed.data.year : currentYearInOslo();
  };

  router.post('/networks/:id/plan/rotate', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    await submitForm(res, {
      db,
      input: req.body,
      schema: yearForm,
      render: (status, errors) => renderYear(db, req, res, network, postedYear(req.body), status, errors),
      save: async ({ year }, trx) => {
        await rotateDuties(trx, { networkId: network.id, year, today: todayInOslo() });
        await recordAudit(trx, auditContext(req), {
          action: 'rotateDuties',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: { year },
        });
        return `/networks/${network.id}/plan?year=${year}`;
      },
      saved: 'planning.rotated',
    });
  });

  router.post('/networks/:id/plan/swap', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    await submitForm(res, {
      db,
      input: req.body,
      schema: swapForm,
      render: (status, errors) => renderYear(db, req, res, network, postedYear(req.body), status, errors),
      save: async ({ first, second, duty, year }, trx) => {
        const today = todayInOslo();
        // Read within the transaction, the two locked: what is swapped is what is stored.
        await lockGatherings(trx, [first, second]);
        const [a, b] = [await findGathering(trx, first), await findGathering(trx, second)];
        const swap = swapDuties(a, b, duty, { networkId: network.id, today });
        if (swap.refused) throw new FieldError(swap.refused.field, swap.refused.message);
        for (const write of swap.writes) {
          // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; two gatherings
          await setDuties(trx, write.id, write.version, write.duties);
        }
        await recordAudit(trx, auditContext(req), {
          action: 'swapDuties',
          entityType: 'networks',
          entityId: network.id,
          regionId: network.regionId,
          after: { first, second, duty },
        });
        return `/networks/${network.id}/plan?year=${year}`;
      },
      saved: 'planning.swapped',
    });
  });

  // One gathering: edit date, time, format and place; set or lock its duties.
  router.get('/networks/:id/duties', async (req, res) => {
    const network = await loadNetworkFor(db, req, canViewNetwork);
    const [units, all] = await Promise.all([planningUnits(db, network.id), networkGatherings(db, network.id)]);
    const history = all.filter((g) => g.status === 'planned').map(toDutyRecord);
    const balance = dutyBalance(units.map(toRotationUnit), history);
    const unitById = new Map(units.map((u) => [u.id, u]));
    // Over time: each unit's duties per year, for the last four years with gatherings.
    const years = [...new Set(history.map((r) => r.date.slice(0, 4)))].sort().slice(-4);
    const perYear = (unitId: number, year: string) => {
      const inYear = history.filter((r) => r.date.startsWith(year));
      return {
        hosted: inYear.filter((r) => r.hostUnitId === unitId).length,
        presented: inYear.filter((r) => r.presenterUnitIds.includes(unitId)).length,
        cased: inYear.filter((r) => r.caseUnitId === unitId).length,
      };
    };
    res.render('planning/duties', {
      title: res.locals.t('planning.duties.title', { name: network.name }),
      network,
      years,
      rows: balance.map((row) => ({
        ...row,
        unit: unitById.get(row.unitId),
        years: years.map((year) => perYear(row.unitId, year)),
      })),
      breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  });

  return router;
}
