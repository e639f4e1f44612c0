import { auditContext } from '../audit/record';
import { Router, type Request, type Response } from 'express';
import { authorize, isKorusFor } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { findSector } from '../sectors/queries';
import { actorOf } from '../access/auth';
import { submitForm, type FormErrors } from '../web/forms';
import type { Translate } from '../kernel/i18n';
import { loadById } from '../kernel/params';
import { chooseRegion, regionYearQuery } from '../regions/choice';
import { findIndicators, saveIndicators, sectorIndicators } from './queries';
import { indicatorForm } from './schema';

const FIELDS = ['hasCollaborationArena', 'crisisPlanPatients', 'factTeams'] as const;

/** KORUS registers Helse Vest's indicators per DPS sector and year: one small form per sector. */
export function indicatorRoutes(db: Db): Router {
  const router = Router();

  async function renderPage(
    req: Request,
    res: Response,
    status: number,
    asked: { region?: number; year: number },
    failed?: { sectorId: number; values: Record<string, unknown>; errors: FormErrors },
  ) {
    const { region, regions } = await chooseRegion(db, req, asked.region);
    const sectors = await sectorIndicators(db, { regionId: region.id }, asked.year);
    const t = res.locals.t as Translate;
    // Field ids carry the sector (field-s12-factTeams) so labels and error links stay unique on the page.
    const prefixed = (sectorId: number, errors: FormErrors) =>
      Object.fromEntries(
        Object.entries(errors).map(([field, key]) => [field === 'form' ? 'form' : `s${sectorId}-${field}`, key]),
      );
    res.status(status).render('overview/indicators', {
      title: t('overview.indicators.title', { region: region.name, year: asked.year }),
      region,
      year: asked.year,
      errors: failed ? prefixed(failed.sectorId, failed.errors) : {},
      errorLabels: failed
        ? Object.fromEntries(FIELDS.map((f) => [`s${failed.sectorId}-${f}`, `overview.indicators.fields.${f}`]))
        : {},
      sectors: sectors.map((s) => {
        const mine = failed?.sectorId === s.sectorId;
        const values = mine
          ? {
              hasCollaborationArena: failed.values.hasCollaborationArena === 'on',
              crisisPlanPatients: failed.values.crisisPlanPatients,
              factTeams: failed.values.factTeams,
              version: failed.values.version,
            }
          : {
              hasCollaborationArena: s.hasCollaborationArena === true,
              crisisPlanPatients: s.crisisPlanPatients ?? '',
              factTeams: s.factTeams ?? '',
              version: s.version,
            };
        return { ...s, prefix: `s${s.sectorId}`, values, errors: mine ? failed.errors : {}, registered: s.version > 0 };
      }),
      regionOptions: regions.map((r) => ({ value: r.id, label: r.name })),
      yearOptions: Array.from({ length: 11 }, (_, i) => asked.year + 1 - i).map((y) => ({
        value: y,
        label: String(y),
      })),
      breadcrumbs: [{ href: `/overview?year=${asked.year}&region=${region.id}`, label: t('overview.indicators.back') }],
    });
  }

  router.get('/overview/indicators', async (req, res) => {
    await renderPage(req, res, 200, regionYearQuery.parse(req.query));
  });

  router.post('/sectors/:id/indicators', async (req, res) => {
    const sector = await loadById(req.params, (id) => findSector(db, id));
    authorize(isKorusFor(actorOf(req), sector.regionId));
    const body = (req.body ?? {}) as Record<string, unknown>;
    const year = regionYearQuery.parse({ year: body.year }).year;
    await submitForm(res, {
      db,
      input: body,
      schema: indicatorForm,
      render: (status, errors) =>
        renderPage(req, res, status, { region: sector.regionId, year }, { sectorId: sector.id, values: body, errors }),
      save: async (form, trx) => {
        const before = await findIndicators(trx, sector.id, form.year);
        await saveIndicators(trx, sector.id, form);
        const after = {
          year: form.year,
          hasCollaborationArena: form.hasCollaborationArena,
          crisisPlanPatients: form.crisisPlanPatients,
          factTeams: form.factTeams,
        };
        await recordAudit(trx, auditContext(req), {
          action: before ? 'update' : 'create',
          entityType: 'sector_indicators',
          entityId: sector.id,
          regionId: sector.regionId,
          before: before ?? {},
          after,
        });
        return `/overview/indicators?region=${sector.regionId}&year=${form.year}#sector-${sector.id}`;
      },
      saved: 'common.saved',
    });
  });

  return router;
}
