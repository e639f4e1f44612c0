import { MIN_ANSWERS_SHOWN } from './summary';

// When a gathering's evaluation closes, and when its results may be shown. An evaluation is open
// from the gathering's start until its end plus the network's evaluation days (the longest of its
// networks', for a joint fagdag). Nobody is asked or answers after that, and results appear only
// then, from MIN_ANSWERS_SHOWN answers: a late request to one person can never move visible
// results by exactly that person's answer.

/** SQL for the moment the evaluation of gathering alias `g` closes. */
export const closesAtSql = (g: string) =>
  `(${g}.ends_at + make_interval(days => (select coalesce(max(n.evaluation_days), 14)
     from gathering_networks gn join networks n on n.id = gn.network_id where gn.gathering_id = ${g}.id)))`;

export const isClosed = (closesAt: Date, now: Date) => closesAt.getTime() <= now.getTime();

/** Whether a gathering's results (and any figure made from its answers) may be shown. */
export const resultsShown = (answers: number, closesAt: Date, now: Date) =>
  answers >= MIN_ANSWERS_SHOWN && isClosed(closesAt, now);
