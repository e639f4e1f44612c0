import { yearRange } from '../kernel/dates';
import type { Format } from '../gatherings/model';
import type { Db } from '../db/knex';
import { gatheringColumns, type Gathering } from '../gatherings/queries';
import { updateVersioned } from '../db/versioned';
import { TIME_ZONE } from '../kernel/dates';

export interface PlanningSettings {
  gatheringsPerYear: number;
  preferredWeekdays: number[];
  startTime: string;
  endTime: string;
  otherFormat: Format;
  blockedPeriods: { from: string; to: string }[];
  presentersPerGathering: number;
  minExchangePercent: number;
  agendaDueDays: number;
  /** Days after a gathering that its evaluation stays open. */
  evaluationDays: number;
  /** Days before a gathering that the host and presenting units are reminded to prepare. */
  preparationReminderDays: number;
  /** Days before a gathering that its participants are reminded. */
  participantReminderDays: number;
  version: number;
}

export async function planningSettings(db: Db, networkId: number): Promise<PlanningSettings> {
  return db('networks')
    .where({ id: networkId })
    .first(
      'gatherings_per_year as gatheringsPerYear',
      'preferred_weekdays as preferredWeekdays',
      'start_time as startTime',
      'end_time as endTime',
      'other_format as otherFormat',
      'blocked_periods as blockedPeriods',
      'presenters_per_gathering as presentersPerGathering',
      'min_exchange_percent as minExchangePercent',
      'agenda_due_days as agendaDueDays',
      'evaluation_days as evaluationDays',
      'preparation_reminder_days as preparationReminderDays',
      'participant_reminder_days as participantReminderDays',
      'version',
    );
}

export async function updatePlanningSettings(
  db: Db,
  networkId: number,
  version: number,
  settings: Omit<PlanningSettings, 'version'>,
): Promise<void> {
  await updateVersioned(db, 'networks', networkId, version, {
    gatherings_per_year: settings.gatheringsPerYear,
    preferred_weekdays: settings.preferredWeekdays,
    start_time: settings.startTime,
    end_time: settings.endTime,
    other_format: settings.otherFormat,
    blocked_periods: JSON.stringify(settings.blockedPeriods),
    presenters_per_gathering: settings.presentersPerGathering,
    min_exchange_percent: settings.minExchangePercent,
    agenda_due_days: settings.agendaDueDays,
    evaluation_days: settings.evaluationDays,
    preparation_reminder_days: settings.preparationReminderDays,
    participant_reminder_days: settings.participantReminderDays,
  });
}

/** A network's gatherings (its own and joint ones), oldest first; `range` limits them to a period. */
export async function networkGatherings(
  db: Db,
  networkId: number,
  range?: { from: Date; to: Date },
): Promise<Gathering[]> {
  const query = db('gathering_networks as gn')
    .join('gatherings as g', 'g.id', 'gn.gathering_id')
    .select(gatheringColumns(db))
    .where('gn.network_id', networkId)
    .orderBy('g.starts_at')
    .limit(2000);
  if (range) query.where('g.starts_at', '>=', range.from).where('g.starts_at', '<', range.to);
  return query;
}

export async function sectorTakenDates(db: Db, networkId: number, year: number): Promise<string[]> {
  const { from, to } = yearRange(year);
  const rows = await db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .join('networks as n', 'n.id', 'gn.network_id')
    .whereRaw('n.sector_id = (select sector_id from networks where id = ?)', [networkId])
    .whereNot('n.id', networkId)
    .whereNotExists(
      db('gathering_networks as own')
        .select(db.raw('1'))
        .whereRaw('own.gathering_id = g.id')
        .where('own.network_id', networkId),
    )
    .whereNot('g.status', 'cancelled')
    .where('g.starts_at', '>=', from)
    .where('g.starts_at', '<', to)
    .distinct(db.raw(`to_char(g.starts_at at time zone '${TIME_ZONE}', 'YYYY-MM-DD') as date`))
    .limit(1000);
  return rows.map((row: { date: string }) => row.date);
}

/** Which units host other gatherings on these Oslo dates (a unit cannot host two on one day). */
export async function hostsOnDates(
  db: Db,
  dates: string[],
  excludeGatheringIds: number[],
): Promise<{ date: string; unitId: number }[]> {
  if (dates.length === 0) return [];
  const rows = await db('gatherings as g')
    .select(
      db.raw(`to_char(g.starts_at at time zone '${TIME_ZONE}', 'YYYY-MM-DD') as date`),
      'g.host_unit_id as unitId',
    )
    .whereNotNull('g.host_unit_id')
    .whereNot('g.status', 'cancelled')
    .whereRaw(`(g.starts_at at time zone '${TIME_ZONE}')::date = any(?::date[])`, [dates])
    .modify((q) => {
      if (excludeGatheringIds.length > 0) q.whereNotIn('g.id', excludeGatheringIds);
    })
    .limit(1000);
  return rows as { date: string; unitId: number }[];
}

/** Removes the year's future drafts (proposed, not yet accepted) before a new proposal. */
export async function deleteFutureDrafts(db: Db, networkId: number, year: number, now: Date): Promise<void> {
  const { from, to } = yearRange(year);
  await db('gatherings')
    .whereIn('id', db('gathering_networks').select('gathering_id').where({ network_id: networkId }))
    .where({ status: 'proposed' })
    .where('starts_at', '>=', from > now ? from : now)
    .where('starts_at', '<', to)
    .delete();
}

/** Accepting makes the year's drafts the network's plan. */
export async function acceptYearPlan(db: Db, networkId: number, year: number, acceptedBy: number): Promise<number> {
  const { from, to } = yearRange(year);
  const accepted = await db('gatherings')
    .whereIn('id', db('gathering_networks').select('gathering_id').where({ network_id: networkId }))
    .where({ status: 'proposed' })
    .where('starts_at', '>=', from)
    .where('starts_at', '<', to)
    .update({ status: 'planned', version: db.raw('version + 1'), updated_at: db.fn.now() });
  await db('year_plans')
    .insert({ network_id: networkId, year, accepted_by: acceptedBy })
    .onConflict(['network_id', 'year'])
    .merge({ accepted_at: db.fn.now(), accepted_by: acceptedBy });
  return accepted;
}

export async function yearPlanAcceptance(db: Db, networkId: number, year: number) {
  return (await db('year_plans as yp')
    .leftJoin('participants as p', 'p.id', 'yp.accepted_by')
    .where({ 'yp.network_id': networkId, 'yp.year': year })
    .first('yp.accepted_at as acceptedAt', 'p.name as acceptedBy')) as
    | { acceptedAt: Date; acceptedBy: string | null }
    | undefined;
}
