import { ROLES } from '../access/roles';
import type { AcceptedStatus, Format } from '../gatherings/model';
import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import type { EvaluationTallies } from '../evaluation/summary';
import { closesAtSql } from '../evaluation/closing';
import type { ServiceType } from '../units/serviceTypes';
import type { OverviewScope } from '../overview/queries';

// The KORUS CSV exports: each is one statement whatever the number of networks (grouping and
// aggregation happen in PostgreSQL), bounded by EXPORT_ROW_LIMIT.

/** Far above a region's real size (500 networks × 20 people × 5 gatherings = 50,000 rows). */
export const EXPORT_ROW_LIMIT = 100_000;

/** The networks in scope, as SQL over `networks n` joined to `sectors s` and `regions r` (the overview's filters). */
function scopeSql(scope: OverviewScope): { sql: string; bindings: Knex.Value[] } {
  const parts = ['n.archived_at is null'];
  const bindings: Knex.Value[] = [];
  if (scope.regionIds) {
    parts.push('r.id = any(?)');
    bindings.push(scope.regionIds);
  }
  if (scope.regionId) {
    parts.push('r.id = ?');
    bindings.push(scope.regionId);
  }
  if (scope.sectorId) {
    parts.push('s.id = ?');
    bindings.push(scope.sectorId);
  }
  if (scope.kind) {
    parts.push('n.kind = ?');
    bindings.push(scope.kind);
  }
  return { sql: parts.join(' and '), bindings };
}

export interface ParticipantExportRow {
  regionName: string;
  sectorName: string;
  networkName: string;
  role: 'leader' | 'workingGroup' | 'participant';
  name: string;
  organisation: string;
  unitName: string;
  serviceType: ServiceType;
  profession: string;
  userRepresentative: boolean;
  relativesRepresentative: boolean;
  email: string;
}

/** The current members of the networks in scope, leader first, then working group, then participants. */
export async function participantExportRows(db: Db, scope: OverviewScope): Promise<ParticipantExportRow[]> {
  const where = scopeSql(scope);
  const result = await db.raw(
    `select r.name as "regionName", s.name as "sectorName", n.name as "networkName", m.role, p.name,
            u.organisation, u.name as "unitName", u.service_type as "serviceType", p.profession,
            p.is_user_representative as "userRepresentative", p.is_relatives_representative as "relativesRepresentative", p.email
       from networks n
       join sectors s on s.id = n.sector_id
       join regions r on r.id = s.region_id
       join memberships m on m.network_id = n.id and m.ends_on is null
       join participants p on p.id = m.participant_id and p.erased_at is null
       join units u on u.id = p.unit_id
      where ${where.sql}
      order by r.name, s.name, n.name, n.id, array_position(?::text[], m.role::text), p.name, p.id
      limit ?`,
    [...where.bindings, [...ROLES], EXPORT_ROW_LIMIT],
  );
  return result.rows as ParticipantExportRow[];
}

export interface AttendanceExportRow {
  gatheringId: number;
  networkNames: string;
  startsAt: Date;
  format: Format;
  status: AcceptedStatus;
  recorded: boolean;
  name: string;
  unit: string;
  serviceType: ServiceType | null;
  /** fixed: invited as a member; standIn: in place of standsInForName; guest: came without an invitation; uninvited: registered present without one. */
  invitedAs: 'fixed' | 'standIn' | 'guest' | 'uninvited';
  standsInForName: string | null;
  answer: 'yes' | 'no' | 'maybe' | null;
  present: boolean;
}

/**
 * One row per gathering of the period (accepted or cancelled) and person invited, registered
 * present or added as a guest. A fagdag shared by several networks in scope is one gathering.
 */
export async function attendanceExportRows(
  db: Db,
  scope: OverviewScope,
  range: { from: Date; to: Date },
): Promise<AttendanceExportRow[]> {
  const where = scopeSql(scope);
  const result = await db.raw(
    `with gs as (select g.id, g.starts_at, g.format, g.status, g.attendance_recorded_at is not null as recorded,
                        string_agg(n.name, ', ' order by n.name) as network_names
                   from gatherings g
                   join gathering_networks gn on gn.gathering_id = g.id
                   join networks n on n.id = gn.network_id
                   join sectors s on s.id = n.sector_id
                   join regions r on r.id = s.region_id
                  where ${where.sql} and g.status in ('planned', 'cancelled') and g.starts_at >= ? and g.starts_at < ?
                  group by g.id),
          people as (select coalesce(i.gathering_id, a.gathering_id) as gathering_id, coalesce(i.participant_id, a.participant_id) as participant_id,
                            i.id is not null as invited, i.stands_in_for, i.answer, a.participant_id is not null as attended
                       from (select inv.* from invitations inv join gs on gs.id = inv.gathering_id) i
                       full join (select at.* from attendances at join gs on gs.id = at.gathering_id) a
                         on a.gathering_id = i.gathering_id and a.participant_id = i.participant_id)
     select gs.id as "gatheringId", gs.network_names as "networkNames", gs.starts_at as "startsAt", gs.format, gs.status, gs.recorded, x.*
       from gs
       join (select pe.gathering_id, 0 as sort, p.name, u.organisation || ' – ' || u.name as unit, u.service_type as "serviceType",
                    case when pe.stands_in_for is not null then 'standIn' when pe.invited then 'fixed' else 'uninvited' end as "invitedAs",
                    f.name as "standsInForName", pe.answer, pe.attended as present
               from people pe
               join participants p on p.id = pe.participant_id
               join units u on u.id = p.unit_id
               left join participants f on f.id = pe.stands_in_for
             union all
             select ag.gathering_id, 1, ag.name, ag.unit_name, ag.service_type, 'guest', null, null, true
               from attendance_guests ag join gs on gs.id = ag.gathering_id) x on x.gathering_id = gs.id
      order by gs.starts_at, gs.id, x.sort, x.name
      limit ?`,
    [...where.bindings, range.from, range.to, EXPORT_ROW_LIMIT],
  );
  return (result.rows as (AttendanceExportRow & { gathering_id: number; sort: number })[]).map(
    ({ gathering_id: _g, sort: _s, ...row }) => row,
  );
}

export interface EvaluationExportRow {
  gatheringId: number;
  networkNames: string;
  startsAt: Date;
  topic: string;
  aim: string;
  /** When the evaluation closes: counts only, no results, until then (src/evaluation/closing.ts). */
  closesAt: Date;
  asked: number;
  tallies: EvaluationTallies;
}

/** One row per held gathering of the period (accepted and over), with its evaluation counts: never single answers. */
export async function evaluationExportRows(
  db: Db,
  scope: OverviewScope,
  range: { from: Date; to: Date },
  now: Date,
): Promise<EvaluationExportRow[]> {
  const where = scopeSql(scope);
  const result = await db.raw(
    `with gs as (select g.id, g.starts_at, g.topic, g.aim, string_agg(n.name, ', ' order by n.name) as network_names,
                        ${closesAtSql('g')} as closes_at
                   from gatherings g
                   join gathering_networks gn on gn.gathering_id = g.id
                   join networks n on n.id = gn.network_id
                   join sectors s on s.id = n.sector_id
                   join regions r on r.id = s.region_id
                  where ${where.sql} and g.status = 'planned' and g.ends_at <= ? and g.starts_at >= ? and g.starts_at < ?
                  group by g.id)
     select gs.id as "gatheringId", gs.network_names as "networkNames", gs.starts_at as "startsAt", gs.topic, gs.aim,
            gs.closes_at as "closesAt",
            coalesce(rq.asked, 0)::int as asked,
            coalesce(e.u1, 0)::int as u1, coalesce(e.u2, 0)::int as u2, coalesce(e.u3, 0)::int as u3, coalesce(e.u4, 0)::int as u4, coalesce(e.u5, 0)::int as u5,
            coalesce(e.topic_relevant, 0)::int as "topicRelevant", coalesce(e.enough_exchange, 0)::int as "enoughExchange",
            coalesce(e.aim_sum, 0)::int as "aimSum", coalesce(e.aim_answers, 0)::int as "aimAnswers"
       from gs
       left join (select r.gathering_id, count(*) as asked from evaluation_requests r join gs on gs.id = r.gathering_id group by 1) rq on rq.gathering_id = gs.id
       left join (select ev.gathering_id,
                         count(*) filter (where usefulness = 1) as u1, count(*) filter (where usefulness = 2) as u2,
                         count(*) filter (where usefulness = 3) as u3, count(*) filter (where usefulness = 4) as u4,
                         count(*) filter (where usefulness = 5) as u5,
                         count(*) filter (where topic_relevant) as topic_relevant, count(*) filter (where enough_exchange) as enough_exchange,
                         sum(aim_met) as aim_sum, count(aim_met) as aim_answers
                    from evaluations ev join gs on gs.id = ev.gathering_id group by 1) e on e.gathering_id = gs.id
      order by gs.starts_at, gs.id
      limit ?`,
    [...where.bindings, now, range.from, range.to, EXPORT_ROW_LIMIT],
  );
  type Raw = {
    gatheringId: number;
    networkNames: string;
    startsAt: Date;
    topic: string;
    closesAt: Date;
    asked: number;
    u1: number;
    u2: number;
    u3: number;
    u4: number;
    u5: number;
    topicRelevant: number;
    enoughExchange: number;
    aim: string;
    aimSum: number;
    aimAnswers: number;
  };
  return (result.rows as Raw[]).map((r) => ({
    gatheringId: r.gatheringId,
    networkNames: r.networkNames,
    startsAt: r.startsAt,
    topic: r.topic,
    aim: r.aim,
    closesAt: r.closesAt,
    asked: r.asked,
    tallies: {
      usefulnessCounts: { 1: r.u1, 2: r.u2, 3: r.u3, 4: r.u4, 5: r.u5 },
      topicRelevant: r.topicRelevant,
      enoughExchange: r.enoughExchange,
      aimSum: r.aimSum,
      aimAnswers: r.aimAnswers,
    },
  }));
}
