import { auditContext } from '../audit/record';
import { yearRange } from '../kernel/dates';
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { authorize, isKorusAdmin } from '../access/policy';
import { recordAudit } from '../audit/record';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { isClosed } from '../evaluation/closing';
import { MIN_ANSWERS_SHOWN, summariseTallies } from '../evaluation/summary';
import { actorOf } from '../access/auth';
import { TIME_ZONE } from '../kernel/dates';
import type { Translate } from '../kernel/i18n';
import type { SectorIndicators } from '../indicators/queries';
import { loadOverview } from '../overview/load';
import { overviewScope, type OverviewScope } from '../overview/queries';
import { overviewQuery, type OverviewQuery } from '../overview/schema';
import { sendCsv } from './csv';
import { attendanceExportRows, evaluationExportRows, participantExportRows } from './queries';

/**
 * KORUS's CSV exports of the overview, participants, attendance and evaluations: the networks of
 * the admin's regions, with the overview's filters. The two with personal data are written to the
 * audit log (who exported what filter and how many rows, never the rows themselves).
 */
export function exportRoutes(db: Db, reads: CachedReads): Router {
  const router = Router();

  function scoped(req: Request, res: Response): { filters: OverviewQuery; scope: OverviewScope; t: Translate } {
    const actor = actorOf(req);
    authorize(isKorusAdmin(actor));
    const filters = overviewQuery.parse(req.query);
    return { filters, scope: overviewScope(actor, filters), t: res.locals.t as Translate };
  }

  // Filed under the region exported, when it is one of the admin's own (a filter may name any id).
  const audit = (req: Request, action: string, filters: OverviewQuery, rows: number) => {
    const { korusRegionIds } = actorOf(req);
    const regionId =
      filters.region !== undefined && korusRegionIds.includes(filters.region)
        ? filters.region
        : korusRegionIds.length === 1
          ? korusRegionIds[0]
          : undefined;
    return recordAudit(db, auditContext(req), {
      action,
      entityType: 'overview',
      regionId,
      after: { filters: { ...filters }, rows },
    });
  };

  router.get('/overview.csv', async (req, res) => {
    const { filters, networks, indicators } = await loadOverview(db, reads, req);
    const t = res.locals.t as Translate;
    const header = [
      'region',
      'sector',
      'network',
      'kind',
      'status',
      'reasons',
      'planned',
      'held',
      'cancelled',
      'physical',
      'agendasOnTime',
      'agendasDue',
      'attendanceRate',
      'continuity',
      'evaluationAnswers',
      'usefulness',
      'collaborationArena',
      'crisisPlanPatients',
      'factTeams',
    ].map((k) => t(`overview.csv.${k}`));
    const bySector = new Map(indicators.map((i) => [i.sectorId, i]));
    const rows = networks.map((n) => [
      n.regionName,
      n.sectorName,
      n.name,
      t(`networks.kinds.${n.kind}`),
      t(`overview.statuses.${n.figures.status}`),
      n.figures.reasons.map((r) => t(`overview.reasons.${r}`)).join(', '),
      n.figures.planned,
      n.figures.held,
      n.figures.cancelled,
      n.figures.physical,
      n.figures.agendasOnTime,
      n.figures.agendasDue,
      percentOrBlank(n.figures.attendanceRate),
      percentOrBlank(n.figures.continuity.share),
      n.figures.evaluation.answers,
      decimalOrBlank(n.figures.evaluation.usefulness),
      // The network's sector's indicators for the year; blank when none are registered.
      ...indicatorCells(t, bySector.get(n.sectorId)),
    ]);
    sendCsv(res, `samling-oversikt-${filters.year}.csv`, [header, ...rows]);
  });

  router.get('/overview/participants.csv', async (req, res) => {
    const { filters, scope, t } = scoped(req, res);
    const rows = await participantExportRows(db, scope);
    const header = [
      'region',
      'sector',
      'network',
      'role',
      'name',
      'unit',
      'serviceType',
      'profession',
      'userRepresentative',
      'relativesRepresentative',
      'email',
    ].map((k) => t(`exports.participants.${k}`));
    const body = rows.map((r) => [
      r.regionName,
      r.sectorName,
      r.networkName,
      t(`networks.roles.${r.role}`),
      r.name,
      `${r.organisation} – ${r.unitName}`,
      t(`common.serviceTypes.${r.serviceType}`),
      t(`common.professions.${r.profession}`),
      yesNo(t, r.userRepresentative),
      yesNo(t, r.relativesRepresentative),
      r.email,
    ]);
    await audit(req, 'exportParticipants', filters, rows.length);
    sendCsv(res, 'samling-deltakere.csv', [header, ...body]);
  });

  router.get('/overview/attendance.csv', async (req, res) => {
    const { filters, scope, t } = scoped(req, res);
    const rows = await attendanceExportRows(db, scope, yearRange(filters.year));
    const header = [
      'networks',
      'date',
      'format',
      'status',
      'name',
      'unit',
      'serviceType',
      'invitedAs',
      'answer',
      'present',
    ].map((k) => t(`exports.attendance.${k}`));
    const dates = new Map<number, string>();
    const body = rows.map((r) => [
      r.networkNames,
      dates.get(r.gatheringId) ?? (dates.set(r.gatheringId, date(r.startsAt)).get(r.gatheringId) as string),
      t(`gatherings.formats.${r.format}`),
      t(
        r.status === 'cancelled'
          ? 'exports.attendance.statuses.cancelled'
          : r.recorded
            ? 'exports.attendance.statuses.held'
            : 'exports.attendance.statuses.planned',
      ),
      r.name,
      r.unit,
      r.serviceType ? t(`common.serviceTypes.${r.serviceType}`) : '',
      r.invitedAs === 'standIn'
        ? t('exports.attendance.invitedAsStandIn', { name: r.standsInForName ?? '' })
        : t(`exports.attendance.invitedAsKinds.${r.invitedAs}`),
      r.invitedAs === 'guest' ? '' : t(`invitations.answerGroups.${r.answer ?? 'none'}`),
      // Attendance is only known once the leader has registered it.
      r.recorded ? yesNo(t, r.present) : '',
    ]);
    await audit(req, 'exportAttendance', filters, rows.length);
    sendCsv(res, `samling-oppmote-${filters.year}.csv`, [header, ...body]);
  });

  router.get('/overview/evaluations.csv', async (req, res) => {
    const { filters, scope, t } = scoped(req, res);
    const rows = await evaluationExportRows(db, scope, yearRange(filters.year), new Date());
    const header = [
      'networks',
      'date',
      'topic',
      'asked',
      'answered',
      'usefulness',
      'topicRelevant',
      'enoughExchange',
      'aim',
      'aimMet',
      'note',
    ].map((k) => t(`exports.evaluations.${k}`));
    const tooFew = t('exports.evaluations.tooFew', { min: MIN_ANSWERS_SHOWN });
    const now = new Date();
    const body = rows.map((r) => {
      const summary = summariseTallies(r.tallies);
      const closed = isClosed(r.closesAt, now);
      const shown =
        closed &&
        summary.shown &&
        summary.usefulnessAverage !== null &&
        summary.topicRelevantShare !== null &&
        summary.enoughExchangeShare !== null;
      return [
        r.networkNames,
        date(r.startsAt),
        r.topic,
        r.asked,
        summary.answered,
        shown ? (summary.usefulnessAverage as number).toFixed(1).replace('.', ',') : '',
        shown ? Math.round((summary.topicRelevantShare as number) * 100) : '',
        shown ? Math.round((summary.enoughExchangeShare as number) * 100) : '',
        r.aim,
        shown && summary.aimMetAverage !== null ? summary.aimMetAverage.toFixed(1).replace('.', ',') : '',
        shown ? '' : closed ? tooFew : t('exports.evaluations.open', { date: date(r.closesAt) }),
      ];
    });
    sendCsv(res, `samling-evalueringer-${filters.year}.csv`, [header, ...body]);
  });

  return router;
}

/** The same few labels on every row of tens of thousands: translated once each. */
const yesNo = (t: Translate, value: boolean) => t(value ? 'common.yes' : 'common.no');
const date = (value: Date) => DateTime.fromJSDate(value, { zone: TIME_ZONE }).toFormat('dd.MM.yyyy');

const indicatorCells = (t: Translate, i: SectorIndicators | undefined) =>
  i === undefined || i.version === 0
    ? ['', '', '']
    : [t(i.hasCollaborationArena ? 'common.yes' : 'common.no'), i.crisisPlanPatients ?? '', i.factTeams ?? ''];

const percentOrBlank = (value: number | null) => (value === null ? '' : Math.round(value * 100));
const decimalOrBlank = (value: number | null) => (value === null ? '' : value.toFixed(1).replace('.', ','));
