// What a gathering's evaluations add up to. Pure: no I/O. Figures are shown only from
// MIN_ANSWERS_SHOWN answers, so nobody in a small group can be picked out by their answer.

export const MIN_ANSWERS_SHOWN = 3;

export const USEFULNESS_SCORES = [1, 2, 3, 4, 5] as const;
export type UsefulnessScore = (typeof USEFULNESS_SCORES)[number];

export interface EvaluationRow {
  usefulness: number;
  topicRelevant: boolean;
  enoughExchange: boolean;
  /** Whether the gathering met its aim (1–5); null when it had none when this answer was given. */
  aimMet?: number | null;
}

export interface EvaluationSummary {
  answered: number;
  /** Mean of 1–5, or null when not shown. */
  usefulnessAverage: number | null;
  /** Answers per score (usefulnessCounts[1] … [5]); empty when not shown. */
  usefulnessCounts: Partial<Record<UsefulnessScore, number>>;
  /** Share (0–1) who found the topic relevant, or null when not shown. */
  topicRelevantShare: number | null;
  /** Share (0–1) who found there was enough time for exchange of experience, or null when not shown. */
  enoughExchangeShare: number | null;
  /** Mean of the 1–5 answers to "did the gathering meet its aim?", or null when not shown (fewer than MIN_ANSWERS_SHOWN of them). */
  aimMetAverage: number | null;
  shown: boolean;
}

/** Counts per gathering, as one GROUP BY gives them (see evaluationSummaries). */
export interface EvaluationTallies {
  usefulnessCounts: Partial<Record<UsefulnessScore, number>>;
  topicRelevant: number;
  enoughExchange: number;
  /** Sum and number of the answers about the aim. */
  aimSum: number;
  aimAnswers: number;
}

export function summariseTallies(tallies: EvaluationTallies): EvaluationSummary {
  const answered = USEFULNESS_SCORES.reduce((sum, score) => sum + (tallies.usefulnessCounts[score] ?? 0), 0);
  if (answered < MIN_ANSWERS_SHOWN) {
    return {
      answered,
      usefulnessAverage: null,
      usefulnessCounts: {},
      topicRelevantShare: null,
      enoughExchangeShare: null,
      aimMetAverage: null,
      shown: false,
    };
  }
  const counts = Object.fromEntries(
    USEFULNESS_SCORES.map((score) => [score, tallies.usefulnessCounts[score] ?? 0]),
  ) as Record<UsefulnessScore, number>;
  const total = USEFULNESS_SCORES.reduce((sum, score) => sum + score * counts[score], 0);
  return {
    answered,
    usefulnessAverage: total / answered,
    usefulnessCounts: counts,
    topicRelevantShare: tallies.topicRelevant / answered,
    enoughExchangeShare: tallies.enoughExchange / answered,
    aimMetAverage: tallies.aimAnswers >= MIN_ANSWERS_SHOWN ? tallies.aimSum / tallies.aimAnswers : null,
    shown: true,
  };
}

/** The summary of one gathering's evaluation rows. Rows with a score outside 1–5 are ignored (the database forbids them). */
export function summariseEvaluations(rows: readonly EvaluationRow[]): EvaluationSummary {
  const tallies: EvaluationTallies = {
    usefulnessCounts: {},
    topicRelevant: 0,
    enoughExchange: 0,
    aimSum: 0,
    aimAnswers: 0,
  };
  for (const row of rows) {
    if (!(USEFULNESS_SCORES as readonly number[]).includes(row.usefulness)) continue;
    const score = row.usefulness as UsefulnessScore;
    tallies.usefulnessCounts[score] = (tallies.usefulnessCounts[score] ?? 0) + 1;
    if (row.topicRelevant) tallies.topicRelevant += 1;
    if (row.enoughExchange) tallies.enoughExchange += 1;
    if (row.aimMet != null && (USEFULNESS_SCORES as readonly number[]).includes(row.aimMet)) {
      tallies.aimSum += row.aimMet;
      tallies.aimAnswers += 1;
    }
  }
  return summariseTallies(tallies);
}
