import { loadNetworkFor } from '../networks/access';
import { yearRange } from '../kernel/dates';
import { Router, type Response } from 'express';
import { SafeString } from 'handlebars';
import { DateTime } from 'luxon';
import { canEditGatherings } from '../access/policy';
import type { Db } from '../db/knex';
import { TIME_ZONE } from '../kernel/dates';
import type { Translate } from '../kernel/i18n';
import { stackedBarChart } from '../overview/charts';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { sectorIndicators, type SectorIndicators } from '../indicators/queries';
import type { NetworkYearFigures } from '../overview/figures';
import { networkFigures, type NetworkRow, type NetworkWithFigures } from '../overview/queries';
import { figuresQuery } from '../overview/schema';
import { gatheringView, professionList } from '../overview/views';
import { chooseRegion, regionYearQuery } from '../regions/choice';
import { MODEL_CHECKS, modelChecks, reportSummary } from './report';
import { goalsByNetwork } from '../goals/queries';

/**
 * The printable annual reports (A4, the print layout): a region's networks for KORUS, and one
 * network for those who run it. A fixed number of queries whatever the number of networks.
 */
export function reportRoutes(db: Db): Router {
  const router = Router();

  router.get('/overview/report', async (req, res) => {
    const query = regionYearQuery.parse(req.query);
    const { region } = await chooseRegion(db, req, query.region);
    const [networks, indicators] = await Promise.all([
      networkFigures(db, { regionId: region.id }, yearRange(query.year), query.year),
      sectorIndicators(db, { regionId: region.id }, query.year),
    ]);
    const goals = await goalsByNetwork(
      db,
      networks.map((n) => n.id),
      query.year,
    );
    const t = res.locals.t as Translate;
    renderReport(res, {
      title: t('overview.report.regionTitle', { region: region.name, year: query.year }),
      subject: region.name,
      year: query.year,
      networks,
      goals,
      indicators,
      backHref: `/overview?year=${query.year}&region=${region.id}`,
    });
  });

  router.get('/networks/:id/report', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const { year } = figuresQuery.parse(req.query);
    const [networks, indicators, goals] = await Promise.all([
      networkFigures(db, { networkId: network.id }, yearRange(year), year),
      sectorIndicators(db, { sectorId: network.sectorId }, year),
      goalsByNetwork(db, [network.id], year),
    ]);
    const t = res.locals.t as Translate;
    renderReport(res, {
      title: t('overview.report.networkTitle', { name: network.name, year }),
      subject: `${network.name} · ${network.sectorName} · ${network.regionName}`,
      year,
      networks,
      goals,
      indicators,
      backHref: `/networks/${network.id}/figures?year=${year}`,
    });
  });

  return router;
}

function renderReport(
  res: Response,
  report: {
    title: string;
    subject: string;
    year: number;
    networks: NetworkWithFigures[];
    /** Each network's goals for the year. */
    goals: Map<number, string[]>;
    indicators: SectorIndicators[];
    backHref: string;
  },
) {
  const t = res.locals.t as Translate;
  const now = new Date();
  const sections = report.networks.map(({ figures, ...n }) => {
    const checks = modelChecks(figures);
    return {
      ...n,
      figures,
      goals: report.goals.get(n.id) ?? [],
      reasonTexts: figures.reasons.map((r) => t(`overview.reasons.${r}`)).join(', '),
      checks: MODEL_CHECKS.map((c) => ({ key: c, label: t(`overview.report.checks.${c}`), met: checks[c] })),
      gatherings: figures.gatherings.map((g) => gatheringView(t, g, figures)),
      professionList: professionList(t, figures.professions),
      servicesChart: servicesChart(t, n, figures),
    };
  });
  const summary = reportSummary(sections.map((s) => s.figures));
  res.render('overview/report', {
    layout: 'print',
    title: report.title,
    subject: report.subject,
    year: report.year,
    madeAt: now,
    summary,
    checks: MODEL_CHECKS.map((c) => ({ key: c, label: t(`overview.report.checks.${c}`), met: summary.met[c] })),
    indicators: report.indicators,
    networks: sections,
    backHref: report.backHref,
  });
}

/** The service types present per gathering, as on the figures page (the table beside it has the numbers). */
function servicesChart(t: Translate, n: NetworkRow, figures: NetworkYearFigures) {
  const recorded = figures.gatherings.filter((g) => g.attendanceRecorded && g.status === 'planned');
  if (recorded.length === 0) return undefined;
  const label = (g: { startsAt: Date }) => DateTime.fromJSDate(g.startsAt, { zone: TIME_ZONE }).toFormat('d.M.yy');
  return new SafeString(
    stackedBarChart({
      id: `services-chart-${n.id}`,
      title: t('overview.charts.servicesTitle', { name: n.name }),
      description: t('overview.charts.servicesDesc'),
      yLabel: t('overview.charts.attendees'),
      flagLabel: t('overview.charts.flag'),
      categories: SERVICE_TYPES.map((key) => ({ key, label: t(`common.serviceTypes.${key}`) })),
      bars: recorded.map((g) => ({
        label: label(g),
        values: g.serviceTypes,
        flagged: g.missingServiceTypes.length > 0,
      })),
    }),
  );
}
