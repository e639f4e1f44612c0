import type { Db } from '../db/knex';
import { closesAtSql } from '../evaluation/closing';
import { MIN_ANSWERS_SHOWN } from '../evaluation/summary';
import type { GatheringProgress } from './nextSteps';

/** How far each gathering has come (agenda, invitations, attendance, evaluation), in one query. */
export async function gatheringProgress(db: Db, gatheringIds: number[]): Promise<Map<number, GatheringProgress>> {
  if (gatheringIds.length === 0) return new Map();
  const rows = (await db('gatherings as g')
    .whereIn('g.id', gatheringIds)
    .whereNot('g.status', 'proposed')
    .limit(500)
    .select(
      'g.id',
      'g.status',
      'g.starts_at as startsAt',
      'g.ends_at as endsAt',
      db.raw('(g.attendance_recorded_at is not null) as "attendanceRecorded"'),
      // The shortest due time of its networks: a joint fagdag's agenda is due when the first network expects it.
      db.raw(`g.starts_at - make_interval(days => (select coalesce(max(n.agenda_due_days), 14)
                from gathering_networks gn join networks n on n.id = gn.network_id where gn.gathering_id = g.id)) as "agendaDueAt"`),
      db.raw('exists (select 1 from agenda_versions v where v.gathering_id = g.id) as "agendaPublished"'),
      db.raw('exists (select 1 from minutes_versions v where v.gathering_id = g.id) as "minutesPublished"'),
      db.raw('(select count(*)::int from invitations i where i.gathering_id = g.id) as invited'),
      db.raw('(select count(*)::int from evaluation_requests r where r.gathering_id = g.id) as "evaluationAsked"'),
      db.raw('(select count(*)::int from evaluations e where e.gathering_id = g.id) as "evaluationAnswers"'),
      db.raw(`${closesAtSql('g')} as "evaluationClosesAt"`),
    )) as (Omit<GatheringProgress, 'minAnswersShown'> & { id: number })[];
  return new Map(rows.map(({ id, ...row }) => [id, { ...row, minAnswersShown: MIN_ANSWERS_SHOWN }]));
}
