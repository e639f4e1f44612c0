import { regionOptions } from '../regions/queries';
import { sectorOptions } from '../sectors/queries';
import { loadNetworkFor } from '../networks/access';
import { NotFoundError } from '../kernel/errors';
import { yearRange } from '../kernel/dates';
import { SafeString } from 'handlebars';
import { DateTime } from 'luxon';
import { Router } from 'express';
import { canEditGatherings, overseenRegionIds } from '../access/policy';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { networkBreadcrumbs } from '../networks/breadcrumbs';
import { SERVICE_TYPES } from '../units/serviceTypes';
import { actorOf } from '../access/auth';
import { TIME_ZONE } from '../kernel/dates';
import type { Language, Translate } from '../kernel/i18n';
import { renderFragment } from '../web/views';
import { renderCachedPage } from '../web/cachedPage';
import { lineChart, stackedBarChart } from './charts';
import type { GatheringFigures, NetworkYearFigures } from './figures';
import { loadOverview } from './load';
import { dutyCounts, networkFigures, type NetworkWithFigures } from './queries';
import { gatheringView, professionList } from './views';
import { goalsOf } from '../goals/queries';
import { figuresQuery } from './schema';

/** KORUS's regional overview (its CSV is in src/exports/), and each network's figures. */
/** The sectors to choose among: the chosen region's, if the reader oversees it, else all they oversee. */
const sectorScope = (overseen: number[] | undefined, chosen: number | undefined) =>
  chosen === undefined ? overseen : !overseen || overseen.includes(chosen) ? [chosen] : [];

export function overviewRoutes(db: Db, reads: CachedReads): Router {
  const router = Router();

  router.get('/overview', async (req, res) => {
    const { filters, key, networks, indicators } = await loadOverview(db, reads, req);
    const overseen = overseenRegionIds(actorOf(req));
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Language;
    // A national overview is 500 rows: rendered once per scope, year, reader's regions and language.
    await renderCachedPage(req, res, reads, {
      view: 'overview/index',
      key: `${key}:${JSON.stringify([filters, overseen ?? null])}`,
      layout: { title: t('overview.title', { year: filters.year }) },
      body: async () => {
        const [regions, sectors, rows] = await Promise.all([
          regionOptions(db, overseen),
          sectorOptions(db, sectorScope(overseen, filters.region)),
          renderFragment(req, 'overview/networkRows', {
            lang,
            year: filters.year,
            networks: networks.map((n) => ({
              ...n,
              reasonTexts: n.figures.reasons.map((r) => t(`overview.reasons.${r}`)).join(', '),
            })),
          }),
        ]);
        return {
          filters,
          networks,
          rows: new SafeString(rows),
          counts: { green: count(networks, 'green'), yellow: count(networks, 'yellow'), red: count(networks, 'red') },
          indicators,
          regionOptions: regions.map((r: { id: number; name: string }) => ({ value: r.id, label: r.name })),
          sectorOptions: sectors.map((s: { id: number; name: string }) => ({ value: s.id, label: s.name })),
          kindOptions: ['local', 'learning'].map((k) => ({ value: k, label: t(`networks.kinds.${k}`) })),
          yearOptions: Array.from({ length: 11 }, (_, i) => filters.year + 1 - i).map((y) => ({
            value: y,
            label: String(y),
          })),
          csvQuery: new URLSearchParams(
            Object.entries(filters).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
          ).toString(),
        };
      },
    });
  });

  router.get('/networks/:id/figures', async (req, res) => {
    const network = await loadNetworkFor(db, req, canEditGatherings);
    const { year } = figuresQuery.parse(req.query);
    // The year's figures, and the two years before it for the charts over time.
    const [[thisYear], [threeYears], duties, goals] = await Promise.all([
      networkFigures(db, { networkId: network.id }, yearRange(year), year),
      networkFigures(db, { networkId: network.id }, { from: yearRange(year - 2).from, to: yearRange(year).to }, year),
      dutyCounts(db, network.id, yearRange(year)),
      goalsOf(db, network.id, year),
    ]);
    // Found above, so always there; a network removed in between is simply not found.
    if (!thisYear || !threeYears) throw new NotFoundError('network');
    const figures = thisYear.figures;
    const t = res.locals.t as Translate;
    const held = threeYears.figures.gatherings.filter((g) => g.status === 'planned' && g.held);
    res.render('overview/network', {
      title: t('overview.network.title', { name: network.name, year }),
      network,
      year,
      figures,
      goals,
      reasonTexts: figures.reasons.map((r) => t(`overview.reasons.${r}`)),
      gatherings: figures.gatherings.map((g) => gatheringView(t, g, figures)),
      professionList: professionList(t, figures.professions),
      charts: networkCharts(t, network.name, figures, held),
      history: held,
      duties,
      previousYear: year - 1,
      nextYear: year + 1,
      breadcrumbs: [...networkBreadcrumbs(req, res, network), { href: `/networks/${network.id}`, label: network.name }],
    });
  });

  return router;
}

/** The network page's charts, as SVG (the tables behind them are on the same page). */
function networkCharts(t: Translate, name: string, year: NetworkYearFigures, held: GatheringFigures[]) {
  const label = (g: { startsAt: Date }) => DateTime.fromJSDate(g.startsAt, { zone: TIME_ZONE }).toFormat('d.M.yy');
  const percent = (v: number) => `${Math.round(v * 100)} %`;
  return {
    attendance: new SafeString(
      lineChart({
        id: 'attendance-chart',
        title: t('overview.charts.attendanceTitle', { name }),
        description: t('overview.charts.attendanceDesc'),
        yLabel: t('overview.figures.attendance'),
        yMax: 1,
        yFormat: percent,
        points: held.map((g) => ({ label: label(g), value: g.attendanceRate })),
      }),
    ),
    evaluation: new SafeString(
      lineChart({
        id: 'evaluation-chart',
        title: t('overview.charts.evaluationTitle', { name }),
        description: t('overview.charts.evaluationDesc'),
        yLabel: t('overview.figures.evaluation'),
        yMax: 5,
        yFormat: (v) => v.toFixed(1).replace('.', ','),
        points: held.map((g) => ({ label: label(g), value: g.usefulness })),
      }),
    ),
    services: new SafeString(
      stackedBarChart({
        id: 'services-chart',
        title: t('overview.charts.servicesTitle', { name }),
        description: t('overview.charts.servicesDesc'),
        yLabel: t('overview.charts.attendees'),
        flagLabel: t('overview.charts.flag'),
        categories: SERVICE_TYPES.map((key) => ({ key, label: t(`common.serviceTypes.${key}`) })),
        bars: year.gatherings
          .filter((g) => g.attendanceRecorded && g.status === 'planned')
          .map((g) => ({ label: label(g), values: g.serviceTypes, flagged: g.missingServiceTypes.length > 0 })),
      }),
    ),
  };
}

const count = (networks: NetworkWithFigures[], status: string) =>
  networks.filter((n) => n.figures.status === status).length;
