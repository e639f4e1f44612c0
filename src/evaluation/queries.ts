import type { Db } from '../db/knex';
import { closesAtSql } from './closing';
import { answerMark, type MarkKey } from './marks';
import type { Language } from '../kernel/i18n';
import { hashSecretToken } from '../kernel/secretTokens';
import {
  summariseTallies,
  USEFULNESS_SCORES,
  type EvaluationRow,
  type EvaluationSummary,
  type UsefulnessScore,
} from './summary';

export interface EvaluationRequest {
  id: number;
  gatheringId: number;
  used: boolean;
  language: Language;
  closesAt: Date;
}

/** The request behind a link from the first email or the reminder; undefined for an unknown token. */
export async function requestByToken(db: Db, token: string, key: MarkKey): Promise<EvaluationRequest | undefined> {
  const hash = hashSecretToken(token);
  const request = (await db('evaluation_requests as r')
    .leftJoin('participants as p', 'p.id', 'r.participant_id')
    .leftJoin('registrations as rg', 'rg.id', 'r.registration_id')
    .join('gatherings as g', 'g.id', 'r.gathering_id')
    .where((w) => w.where('r.token_hash', hash).orWhere('r.reminder_token_hash', hash))
    .first(
      'r.id',
      'r.gathering_id as gatheringId',
      'r.used',
      db.raw('coalesce(p.language, rg.language) as language'),
      db.raw(`${closesAtSql('g')} as "closesAt"`),
    )) as EvaluationRequest | undefined;
  if (!request || request.used) return request;
  return { ...request, used: (await answeredRequests(db, key, [request])).has(request.id) };
}

/** Of these requests, the ones answered (by their marks or, from before the marks, their flag). */
export async function answeredRequests(
  db: Db,
  key: MarkKey,
  requests: { id: number; used: boolean }[],
): Promise<Set<number>> {
  const marks = new Map(requests.map((r) => [answerMark(key, r.id).toString('hex'), r.id]));
  const found = await db('evaluation_answered')
    .whereIn(
      'mark',
      requests.map((r) => answerMark(key, r.id)),
    )
    .pluck('mark');
  return new Set([
    ...requests.filter((r) => r.used).map((r) => r.id),
    ...found.map((mark) => marks.get(mark.toString('hex')) as number),
  ]);
}

export interface EvaluationAnswer {
  usefulness: number;
  /** Whether the gathering met its aim (1–5); null when it had none. */
  aimMet: number | null;
  aimComment: string;
  topicRelevant: boolean;
  enoughExchange: boolean;
  whatWorked: string;
  whatToChange: string;
  topicWishes: string;
}

/** One line per wish, trimmed, blanks skipped, each once (case-insensitive). */
export function topicWishLines(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !seen.has(line.toLowerCase()) && seen.add(line.toLowerCase()));
}

/**
 * Records an answer in the caller's transaction: leaves the request's mark (only once, so two
 * posts at once cannot both count), stores the answer with no reference to the person, and adds
 * the topic wishes to the topic bank of the gathering's networks, dated to the day. The request
 * row itself is not written, so no transaction id ties the answer to it. False when already used.
 */
export async function recordEvaluation(
  trx: Db,
  request: { id: number; gatheringId: number },
  key: MarkKey,
  answer: EvaluationAnswer,
): Promise<boolean> {
  const marked = await trx('evaluation_answered')
    .insert({ mark: answerMark(key, request.id) })
    .onConflict('mark')
    .ignore()
    .returning('mark');
  if (marked.length === 0) return false;
  const gatheringId = request.gatheringId;
  await trx('evaluations').insert({
    gathering_id: gatheringId,
    usefulness: answer.usefulness,
    topic_relevant: answer.topicRelevant,
    enough_exchange: answer.enoughExchange,
    what_worked: answer.whatWorked,
    what_to_change: answer.whatToChange,
    topic_wishes: answer.topicWishes,
    aim_met: answer.aimMet,
    aim_comment: answer.aimComment,
  });
  const wishes = topicWishLines(answer.topicWishes);
  if (wishes.length > 0) {
    const networkIds = (await trx('gathering_networks')
      .where({ gathering_id: gatheringId })
      .pluck('network_id')) as number[];
    const topics = networkIds.flatMap((networkId) => wishes.map((title) => ({ network_id: networkId, title })));
    // created_by stays empty and the time is the day's: a wish must not point back to the person who answered.
    const today = trx.raw('current_date');
    if (topics.length > 0)
      await trx('topics')
        .insert(topics.map((topic) => ({ ...topic, created_at: today, updated_at: today })))
        .onConflict()
        .ignore();
  }
  return true;
}

/** How many were asked and how many answered, and whether the reminder has gone out. */
export async function requestCounts(db: Db, gatheringId: number) {
  const row = (await db('gatherings as g')
    .where('g.id', gatheringId)
    .first(
      'g.evaluation_reminder_sent_at as reminderSentAt',
      db.raw(`${closesAtSql('g')} as "closesAt"`),
      db.raw('(select count(*)::int from evaluation_requests r where r.gathering_id = g.id) as asked'),
      db.raw('(select count(*)::int from evaluations e where e.gathering_id = g.id) as answered'),
    )) as { reminderSentAt: Date | null; closesAt: Date; asked: number; answered: number } | undefined;
  return row ?? { reminderSentAt: null, closesAt: new Date(0), asked: 0, answered: 0 };
}

/** A gathering's answers (no person in them). Bounded: a gathering has at most a few hundred people. */
export async function evaluationsOf(
  db: Db,
  gatheringId: number,
): Promise<(EvaluationRow & { whatWorked: string; whatToChange: string; topicWishes: string; aimComment: string })[]> {
  return db('evaluations')
    .where({ gathering_id: gatheringId })
    .limit(5000)
    .select(
      'usefulness',
      'topic_relevant as topicRelevant',
      'enough_exchange as enoughExchange',
      'what_worked as whatWorked',
      'what_to_change as whatToChange',
      'topic_wishes as topicWishes',
      'aim_met as aimMet',
      'aim_comment as aimComment',
    );
}

/** The summary of each gathering's evaluations (every id given gets one), in one grouped query. */
export async function evaluationSummaries(db: Db, gatheringIds: number[]): Promise<Map<number, EvaluationSummary>> {
  const ids = [...new Set(gatheringIds)];
  const summaries = new Map<number, EvaluationSummary>();
  if (ids.length === 0) return summaries;
  const rows = (await db('evaluations')
    .whereIn('gathering_id', ids)
    .groupBy('gathering_id', 'usefulness')
    .select(
      'gathering_id as gatheringId',
      'usefulness',
      db.raw('count(*)::int as n'),
      db.raw('count(*) filter (where topic_relevant)::int as "topicRelevant"'),
      db.raw('count(*) filter (where enough_exchange)::int as "enoughExchange"'),
      db.raw('coalesce(sum(aim_met), 0)::int as "aimSum"'),
      db.raw('count(aim_met)::int as "aimAnswers"'),
    )
    // At most one row per gathering and score.
    .limit(ids.length * USEFULNESS_SCORES.length)) as {
    gatheringId: number;
    usefulness: UsefulnessScore;
    n: number;
    topicRelevant: number;
    enoughExchange: number;
    aimSum: number;
    aimAnswers: number;
  }[];
  const tallies = new Map(
    ids.map((id) => [
      id,
      {
        usefulnessCounts: {} as Partial<Record<UsefulnessScore, number>>,
        topicRelevant: 0,
        enoughExchange: 0,
        aimSum: 0,
        aimAnswers: 0,
      },
    ]),
  );
  for (const row of rows) {
    const tally = tallies.get(row.gatheringId);
    if (!tally) continue;
    tally.usefulnessCounts[row.usefulness] = row.n;
    tally.topicRelevant += row.topicRelevant;
    tally.enoughExchange += row.enoughExchange;
    tally.aimSum += row.aimSum;
    tally.aimAnswers += row.aimAnswers;
  }
  for (const [id, tally] of tallies) summaries.set(id, summariseTallies(tally));
  return summaries;
}
