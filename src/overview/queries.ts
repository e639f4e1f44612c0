import type { Actor } from '../access/actor';
import { closesAtSql } from '../evaluation/closing';
import type { Db } from '../db/knex';
import { SERVICE_TYPES, type ServiceType } from '../units/serviceTypes';
import { type Profession, professionOf } from '../participants/professions';
import {
  continuityOf,
  networkYearFigures,
  type GatheringFacts,
  type NetworkFacts,
  type NetworkYearFigures,
} from './figures';
import { overseenRegionIds } from '../access/policy';
import { inRegions } from '../db/regionScope';

export interface NetworkRow {
  id: number;
  name: string;
  kind: 'local' | 'learning';
  sectorId: number;
  sectorName: string;
  regionId: number;
  regionName: string;
  hasLeader: boolean;
  hasPlan: boolean;
  hasUserRepresentative: boolean;
  hasRelativesRepresentative: boolean;
}

export interface OverviewScope {
  /** Regions to include; undefined means all (a KORUS admin for the whole country). */
  regionIds?: number[];
  regionId?: number;
  sectorId?: number;
  kind?: 'local' | 'learning';
  networkId?: number;
}

/** The overview's filters within the regions a KORUS admin oversees (all of them for a national admin). */
export function overviewScope(
  actor: Actor,
  filters: { region?: number; sector?: number; kind?: 'local' | 'learning' },
): OverviewScope {
  return {
    regionIds: overseenRegionIds(actor),
    regionId: filters.region,
    sectorId: filters.sector,
    kind: filters.kind,
  };
}

/** At most this many networks on one overview: far above any region's count, so the page stays bounded. */
export const MAX_NETWORKS = 2000;

export type NetworkWithFigures = NetworkRow & { figures: NetworkYearFigures };

/**
 * The networks in scope with their figures for one period, in a fixed number of queries whatever
 * the number of networks: the networks, then their gatherings with every per-gathering count
 * (one pass over invitations, attendance, guests and evaluations).
 */
export async function networkFigures(
  db: Db,
  scope: OverviewScope,
  range: { from: Date; to: Date },
  year: number,
  now = new Date(),
): Promise<NetworkWithFigures[]> {
  const networks = await networksInScope(db, scope, year);
  const byNetwork = new Map<number, GatheringRow[]>(networks.map((n) => [n.id, []]));
  if (networks.length > 0)
    for (const row of await gatheringRows(db, [...byNetwork.keys()], range)) byNetwork.get(row.networkId)?.push(row);
  return networks.map((n) => {
    const rows = byNetwork.get(n.id) ?? [];
    const facts: NetworkFacts = {
      hasLeader: n.hasLeader,
      hasPlan: n.hasPlan,
      hasUserRepresentative: n.hasUserRepresentative,
      hasRelativesRepresentative: n.hasRelativesRepresentative,
      gatherings: rows.map(toFacts),
      continuity: continuityOf(rows),
    };
    return { ...n, figures: networkYearFigures(facts, now) };
  });
}

/** A row as the figures take it: the members' and guests' service types added up. (Built field by field: this runs for every gathering of a national overview.) */
function toFacts(row: GatheringRow): GatheringFacts {
  const serviceTypes: Partial<Record<ServiceType, number>> = {};
  for (const type of SERVICE_TYPES) {
    const count = (row[`members_${type}`] ?? 0) + (row[`guests_${type}`] ?? 0);
    if (count > 0) serviceTypes[type] = count;
  }
  const professions: Partial<Record<Profession, number>> = { ...row.memberProfessions };
  for (const text of row.guestProfessions ?? []) {
    const code = professionOf(text);
    if (code) professions[code] = (professions[code] ?? 0) + 1;
  }
  return {
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    status: row.status,
    kind: row.kind,
    format: row.format,
    topic: row.topic,
    aim: row.aim,
    agendaPublishedAt: row.agendaPublishedAt,
    agendaDueDays: row.agendaDueDays,
    attendanceRecorded: row.attendanceRecorded,
    invitedFixed: row.invitedFixed,
    presentFixed: row.presentFixed,
    presentStandIns: row.presentStandIns,
    guests: row.guests,
    serviceTypes,
    professions,
    userRepresentative: row.userRepresentative,
    relativesRepresentative: row.relativesRepresentative,
    evaluationAnswers: row.evaluationAnswers,
    usefulnessSum: row.usefulnessSum,
    aimAnswers: row.aimAnswers,
    aimSum: row.aimSum,
    evaluationClosesAt: row.evaluationClosesAt,
    minutesPublished: row.minutesPublished,
    openActions: row.openActions,
  };
}

async function networksInScope(db: Db, scope: OverviewScope, year: number): Promise<NetworkRow[]> {
  const query = db('networks as n')
    .join('sectors as s', 's.id', 'n.sector_id')
    .join('regions as r', 'r.id', 's.region_id')
    // A network asked for by id shows its figures even when archived; lists show active ones, and
    // only in the years of their period (a network starting next year is no network this year).
    .modify((q) =>
      scope.networkId
        ? q
        : q
            .whereNull('n.archived_at')
            .where((w) => w.whereNull('n.starts_on').orWhere('n.starts_on', '<=', `${year}-12-31`))
            .where((w) => w.whereNull('n.ends_on').orWhere('n.ends_on', '>=', `${year}-01-01`)),
    )
    .select(
      'n.id',
      'n.name',
      'n.kind',
      'n.sector_id as sectorId',
      's.name as sectorName',
      'r.id as regionId',
      'r.name as regionName',
      db.raw(
        `exists (select 1 from memberships m where m.network_id = n.id and m.role = 'leader' and m.ends_on is null) as "hasLeader"`,
      ),
      db.raw('exists (select 1 from year_plans y where y.network_id = n.id and y.year = ?) as "hasPlan"', [year]),
      ...(['user', 'relatives'] as const).map((who) =>
        db.raw(
          `exists (select 1 from memberships m join participants p on p.id = m.participant_id
                    where m.network_id = n.id and m.ends_on is null and p.archived_at is null and p.is_${who}_representative) as "has${who === 'user' ? 'User' : 'Relatives'}Representative"`,
        ),
      ),
    )
    .orderBy(['r.name', 's.name', 'n.name'])
    .limit(MAX_NETWORKS);
  query.modify(inRegions('r.id', scope.regionIds));
  if (scope.regionId) query.where('r.id', scope.regionId);
  if (scope.sectorId) query.where('s.id', scope.sectorId);
  if (scope.kind) query.where('n.kind', scope.kind);
  if (scope.networkId) query.where('n.id', scope.networkId);
  return (await query) as NetworkRow[];
}

type GatheringRow = Omit<GatheringFacts, 'serviceTypes' | 'professions'> & {
  networkId: number;
  /** Members present per profession (as on the day), and the professions guests wrote. */
  memberProfessions: Partial<Record<Profession, number>> | null;
  guestProfessions: string[] | null;
  invitedIds: number[];
  presentIds: number[];
} & Partial<Record<`members_${ServiceType}` | `guests_${ServiceType}`, number>>;

const byServiceType = (column: string) =>
  SERVICE_TYPES.map((type) => `count(*) filter (where ${column} = '${type}')::int as "${type}"`).join(', ');

/**
 * The accepted and cancelled gatherings of the networks in the period, each with its counts:
 * invited fixed participants, who came (themselves or as a stand-in), by service type as it was on
 * the day (attendance rows keep it), guests,
 * representatives, the first agenda's publication and the evaluation tallies.
 */
async function gatheringRows(db: Db, networkIds: number[], range: { from: Date; to: Date }): Promise<GatheringRow[]> {
  const result = await db.raw(
    `select gn.network_id as "networkId", g.id, g.starts_at as "startsAt", g.ends_at as "endsAt", g.status, g.kind, g.format, g.topic, g.aim,
            n.agenda_due_days as "agendaDueDays", g.attendance_recorded_at is not null as "attendanceRecorded",
            (select min(v.published_at) from agenda_versions v where v.gathering_id = g.id) as "agendaPublishedAt",
            i.invited_fixed as "invitedFixed", coalesce(i.invited_ids, '{}') as "invitedIds",
            a.present_fixed as "presentFixed", a.present_stand_ins as "presentStandIns", coalesce(a.present_ids, '{}') as "presentIds",
            coalesce(a.user_rep, false) as "userRepresentative", coalesce(a.relatives_rep, false) as "relativesRepresentative",
            ${SERVICE_TYPES.map((type) => `a."${type}" as "members_${type}", ag."${type}" as "guests_${type}"`).join(', ')},
            ag.guests, a.professions as "memberProfessions", ag.professions as "guestProfessions", e.answers as "evaluationAnswers", e.usefulness_sum as "usefulnessSum",
            e.aim_answers as "aimAnswers", e.aim_sum as "aimSum",
            ${closesAtSql('g')} as "evaluationClosesAt",
            exists (select 1 from minutes_versions mv where mv.gathering_id = g.id) as "minutesPublished",
            (select count(*)::int from minutes_actions ma where ma.gathering_id = g.id and ma.closed_at is null
               and exists (select 1 from minutes_versions mv where mv.gathering_id = g.id)) as "openActions"
       from gathering_networks gn
       join gatherings g on g.id = gn.gathering_id
       join networks n on n.id = gn.network_id
       cross join lateral (select count(*)::int as invited_fixed,
                                  -- Continuity is about the network's own fixed participants: at a joint fagdag, not the other networks'.
                                  array_agg(inv.participant_id) filter (where g.kind <> 'fagdag' or exists (
                                    select 1 from memberships m where m.participant_id = inv.participant_id and m.network_id = gn.network_id)) as invited_ids
                             from invitations inv where inv.gathering_id = g.id and inv.stands_in_for is null) i
       cross join lateral (select count(*) filter (where not at.stand_in)::int as present_fixed,
                                  count(*) filter (where at.stand_in)::int as present_stand_ins,
                                  array_agg(at.participant_id) filter (where not at.stand_in) as present_ids,
                                  bool_or(at.user_representative) as user_rep, bool_or(at.relatives_representative) as relatives_rep,
                                  ${byServiceType('at.service_type')},
                                  (select jsonb_object_agg(x.profession, x.n) from (select at2.profession, count(*)::int as n from attendances at2
                                     where at2.gathering_id = g.id group by at2.profession) x) as professions
                             from attendances at where at.gathering_id = g.id) a
       cross join lateral (select count(*)::int as guests, ${byServiceType("coalesce(x.service_type, 'other')")},
                                  array_agg(x.profession) filter (where x.profession <> '') as professions
                             from attendance_guests x where x.gathering_id = g.id) ag
       cross join lateral (select count(*)::int as answers, coalesce(sum(ev.usefulness), 0)::int as usefulness_sum,
                                  count(ev.aim_met)::int as aim_answers, coalesce(sum(ev.aim_met), 0)::int as aim_sum
                             from evaluations ev where ev.gathering_id = g.id) e
      where gn.network_id = any(?) and g.status in ('planned', 'cancelled') and g.starts_at >= ? and g.starts_at < ?
      order by g.starts_at`,
    [networkIds, range.from, range.to],
  );
  return result.rows as GatheringRow[];
}

/** Hosting, presenting and cases per member unit in the period: the year's share of the duties (docs/domain.md, rule 6: rotate them). */
export async function dutyCounts(db: Db, networkId: number, range: { from: Date; to: Date }) {
  const result = await db.raw(
    `with gs as (select g.id, g.host_unit_id, g.case_unit_id from gathering_networks gn join gatherings g on g.id = gn.gathering_id
                  where gn.network_id = ? and g.status = 'planned' and g.starts_at >= ? and g.starts_at < ?)
     select u.id, u.organisation, u.name, u.service_type as "serviceType",
            (select count(*) from gs where gs.host_unit_id = u.id)::int as hosted,
            (select count(*) from gathering_presenters gp join gs on gs.id = gp.gathering_id where gp.unit_id = u.id)::int as presented,
            (select count(*) from gs where gs.case_unit_id = u.id)::int as cased
       from network_units nu join units u on u.id = nu.unit_id
      where nu.network_id = ? and (nu.left_on is null or nu.left_on >= ?::date)
      order by u.organisation, u.name
      limit 500`,
    [networkId, range.from, range.to, networkId, range.from],
  );
  return result.rows as {
    id: number;
    organisation: string;
    name: string;
    serviceType: string;
    hosted: number;
    presented: number;
  }[];
}
