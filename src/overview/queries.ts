import type { Db } from '../db/knex';
import { CONTINUITY_MIN_ATTENDED, type GatheringFacts, type NetworkFacts, type ServiceType } from './figures';

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
}

export interface OverviewScope {
  /** Regions to include; undefined means all (a KORUS admin for the whole country). */
  regionIds?: number[];
  regionId?: number;
  sectorId?: number;
  kind?: 'local' | 'learning';
  networkId?: number;
}

/** At most this many networks on one overview: far above any region's count, so the page stays bounded. */
export const MAX_NETWORKS = 2000;

/**
 * Everything the figures need for the networks in scope and one period, in a fixed number of
 * queries whatever the number of networks: the networks, their gatherings with per-gathering
 * aggregates, the service types present, and continuity per network and year.
 */
export async function networkFacts(db: Db, scope: OverviewScope, range: { from: Date; to: Date }, year: number): Promise<{ networks: NetworkRow[]; facts: Map<number, NetworkFacts> }> {
  const networks = await networksInScope(db, scope, year);
  const ids = networks.map((n) => n.id);
  if (ids.length === 0) return { networks, facts: new Map() };
  const [gatherings, serviceTypes, continuity] = await Promise.all([gatheringRows(db, ids, range), serviceTypeRows(db, ids, range), continuityRows(db, ids, range)]);
  const typesByGathering = new Map<number, Partial<Record<ServiceType, number>>>();
  for (const row of serviceTypes) typesByGathering.set(row.gatheringId, { ...typesByGathering.get(row.gatheringId), [row.serviceType]: row.count });
  const facts = new Map<number, NetworkFacts>(networks.map((n) => [n.id, { hasLeader: n.hasLeader, hasPlan: n.hasPlan, gatherings: [], continuity: { fixed: 0, continuing: 0 } }]));
  for (const { networkId, ...g } of gatherings) facts.get(networkId)?.gatherings.push({ ...g, serviceTypes: typesByGathering.get(g.id) ?? {} });
  for (const row of continuity) {
    const f = facts.get(row.networkId);
    if (f) f.continuity = { fixed: row.fixed, continuing: row.continuing };
  }
  return { networks, facts };
}

async function networksInScope(db: Db, scope: OverviewScope, year: number): Promise<NetworkRow[]> {
  const query = db('networks as n')
    .join('sectors as s', 's.id', 'n.sector_id')
    .join('regions as r', 'r.id', 's.region_id')
    .whereNull('n.archived_at')
    .select(
      'n.id',
      'n.name',
      'n.kind',
      'n.sector_id as sectorId',
      's.name as sectorName',
      'r.id as regionId',
      'r.name as regionName',
      db.raw(`exists (select 1 from memberships m where m.network_id = n.id and m.role = 'leader' and m.ends_on is null) as "hasLeader"`),
      db.raw('exists (select 1 from year_plans y where y.network_id = n.id and y.year = ?) as "hasPlan"', [year]),
    )
    .orderBy(['r.name', 's.name', 'n.name'])
    .limit(MAX_NETWORKS);
  if (scope.regionIds) query.whereIn('r.id', scope.regionIds);
  if (scope.regionId) query.where('r.id', scope.regionId);
  if (scope.sectorId) query.where('s.id', scope.sectorId);
  if (scope.kind) query.where('n.kind', scope.kind);
  if (scope.networkId) query.where('n.id', scope.networkId);
  return (await query) as NetworkRow[];
}

type GatheringRow = Omit<GatheringFacts, 'serviceTypes'> & { networkId: number };

/** The accepted and cancelled gatherings of the networks in the period, each with its counts. */
async function gatheringRows(db: Db, networkIds: number[], range: { from: Date; to: Date }): Promise<GatheringRow[]> {
  const result = await db.raw(
    `select gn.network_id as "networkId", g.id, g.starts_at as "startsAt", g.ends_at as "endsAt", g.status, g.kind, g.format, g.topic,
            n.agenda_due_days as "agendaDueDays", g.attendance_recorded_at is not null as "attendanceRecorded",
            (select min(v.published_at) from agenda_versions v where v.gathering_id = g.id) as "agendaPublishedAt",
            coalesce(i.invited_fixed, 0)::int as "invitedFixed", coalesce(a.present_fixed, 0)::int as "presentFixed",
            coalesce(a.present_stand_ins, 0)::int as "presentStandIns", coalesce(a.user_rep, false) as "userRepresentative",
            coalesce(a.relatives_rep, false) as "relativesRepresentative",
            (select count(*) from attendance_guests ag where ag.gathering_id = g.id)::int as guests,
            coalesce(e.answers, 0)::int as "evaluationAnswers", coalesce(e.usefulness_sum, 0)::int as "usefulnessSum"
       from gathering_networks gn
       join gatherings g on g.id = gn.gathering_id
       join networks n on n.id = gn.network_id
       left join lateral (select count(*) filter (where inv.stands_in_for is null) as invited_fixed
                            from invitations inv where inv.gathering_id = g.id) i on true
       left join lateral (select count(*) filter (where inv.stands_in_for is null) as present_fixed,
                                 count(*) filter (where inv.stands_in_for is not null) as present_stand_ins,
                                 bool_or(p.is_user_representative) as user_rep, bool_or(p.is_relatives_representative) as relatives_rep
                            from attendances at
                            join participants p on p.id = at.participant_id
                            left join invitations inv on inv.gathering_id = at.gathering_id and inv.participant_id = at.participant_id
                           where at.gathering_id = g.id) a on true
       left join lateral (select count(*) as answers, sum(ev.usefulness) as usefulness_sum
                            from evaluations ev where ev.gathering_id = g.id) e on true
      where gn.network_id = any(?) and g.status in ('planned', 'cancelled') and g.starts_at >= ? and g.starts_at < ?
      order by g.starts_at`,
    [networkIds, range.from, range.to],
  );
  return result.rows as GatheringRow[];
}

/** How many attendees of each service type came to each gathering: members by their unit, guests as registered. */
async function serviceTypeRows(db: Db, networkIds: number[], range: { from: Date; to: Date }) {
  const result = await db.raw(
    `with gs as (select distinct g.id from gathering_networks gn join gatherings g on g.id = gn.gathering_id
                  where gn.network_id = any(?) and g.status = 'planned' and g.starts_at >= ? and g.starts_at < ?)
     select at.gathering_id as "gatheringId", u.service_type as "serviceType", count(*)::int as count
       from attendances at join gs on gs.id = at.gathering_id
       join participants p on p.id = at.participant_id join units u on u.id = p.unit_id
      group by 1, 2
     union all
     select ag.gathering_id, coalesce(ag.service_type, 'other'), count(*)::int
       from attendance_guests ag join gs on gs.id = ag.gathering_id
      group by 1, 2`,
    [networkIds, range.from, range.to],
  );
  return result.rows as { gatheringId: number; serviceType: ServiceType; count: number }[];
}

/**
 * Continuity per network: the fixed participants invited to the period's gatherings with
 * attendance recorded, and how many of them came themselves (not through a stand-in) to at
 * least CONTINUITY_MIN_ATTENDED of them (or to all, when fewer have been held).
 */
async function continuityRows(db: Db, networkIds: number[], range: { from: Date; to: Date }) {
  const result = await db.raw(
    `with held as (select gn.network_id, g.id from gathering_networks gn join gatherings g on g.id = gn.gathering_id
                    where gn.network_id = any(?) and g.status = 'planned' and g.attendance_recorded_at is not null
                      and g.starts_at >= ? and g.starts_at < ?),
          counts as (select network_id, count(*) as held from held group by 1),
          people as (select h.network_id, inv.participant_id, count(at.participant_id) as attended
                       from held h
                       join invitations inv on inv.gathering_id = h.id and inv.stands_in_for is null
                       left join attendances at on at.gathering_id = h.id and at.participant_id = inv.participant_id
                      group by 1, 2)
     select p.network_id as "networkId", count(*)::int as fixed,
            count(*) filter (where p.attended >= least(?, c.held))::int as continuing
       from people p join counts c on c.network_id = p.network_id
      group by 1`,
    [networkIds, range.from, range.to, CONTINUITY_MIN_ATTENDED],
  );
  return result.rows as { networkId: number; fixed: number; continuing: number }[];
}
