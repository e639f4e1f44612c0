import { resultsShown } from '../evaluation/closing';
import { MIN_ANSWERS_SHOWN } from '../evaluation/summary';
import type { AcceptedStatus, Format, GatheringKind } from '../gatherings/model';
import type { Profession } from '../participants/professions';
import { CORE_SERVICES, type ServiceType } from '../units/serviceTypes';

// The network figures and the KORUS status, computed from facts the queries gather. Pure: no I/O.
// The rules are the model's (docs/domain.md): four gatherings a year, at least
// two physical, a clear agenda each time, continuity with fixed participants, broad participation
// from the municipality, mental health care and addiction treatment, and evaluation of each gathering.

/** The three services every gathering should bring together (docs/domain.md, rule 7). */
export const REQUIRED_SERVICE_TYPES: readonly ServiceType[] = CORE_SERVICES;
/** Continuity: a fixed participant who came to at least three of the year's gatherings (of four). */
export const CONTINUITY_MIN_ATTENDED = 3;
/** Falling attendance: the latest gathering's rate this far below the mean of the earlier ones. */
export const FALLING_ATTENDANCE_DROP = 0.15;
/** Low evaluation: a year's average usefulness (1–5) below this. */
export const LOW_EVALUATION = 3;

export interface GatheringFacts {
  id: number;
  startsAt: Date;
  endsAt: Date;
  status: AcceptedStatus;
  kind: GatheringKind;
  format: Format;
  topic: string;
  /** What the gathering was to achieve ('' when none was set). */
  aim: string;
  /** When the agenda was first published, and how many days before the gathering it was due. */
  agendaPublishedAt: Date | null;
  agendaDueDays: number;
  attendanceRecorded: boolean;
  /** Invitations of fixed participants (stand-ins are not seats of their own). */
  invitedFixed: number;
  presentFixed: number;
  presentStandIns: number;
  guests: number;
  serviceTypes: Partial<Record<ServiceType, number>>;
  /** Those present (members and guests who gave one) per profession. */
  professions: Partial<Record<Profession, number>>;
  userRepresentative: boolean;
  relativesRepresentative: boolean;
  evaluationAnswers: number;
  usefulnessSum: number;
  /** The evaluation's answers to "did the gathering meet its aim?" (1–5): how many, and their sum. */
  aimAnswers: number;
  aimSum: number;
  /** When the gathering's evaluation closes (src/evaluation/closing.ts). */
  evaluationClosesAt: Date;
  /** Whether its minutes are published, and how many of their actions are still open (src/minutes/). */
  minutesPublished?: boolean;
  openActions?: number;
}

export interface GatheringFigures extends GatheringFacts {
  held: boolean;
  agendaOnTime: boolean | null;
  /** Present (a stand-in counts for the unit's seat) per invited fixed participant; null until recorded. */
  attendanceRate: number | null;
  missingServiceTypes: ServiceType[];
  /** Attendance recorded, and everyone present of one profession (breadth: docs/domain.md, rule 7). */
  oneProfession: boolean;
  /** Whether the evaluation's results may be shown: closed, with MIN_ANSWERS_SHOWN answers. */
  evaluationShown: boolean;
  /** Average usefulness, only where the results may be shown. */
  usefulness: number | null;
  /** How well it met its aim (mean of 1–5), only where the results may be shown and MIN_ANSWERS_SHOWN answered it. */
  aimMet: number | null;
}

export type StatusReason =
  | 'noLeader'
  | 'noPlan'
  | 'fewPhysical'
  | 'lateAgendas'
  | 'fallingAttendance'
  | 'missingServiceTypes'
  | 'oneProfession'
  | 'missingRepresentative'
  | 'lowEvaluation';
export type Status = 'green' | 'yellow' | 'red';
const RED_REASONS: readonly StatusReason[] = ['noLeader', 'noPlan'];

export interface NetworkYearFigures {
  planned: number;
  held: number;
  cancelled: number;
  physical: number;
  agendasDue: number;
  agendasOnTime: number;
  gatherings: GatheringFigures[];
  /** Mean attendance rate over the gatherings with attendance recorded. */
  attendanceRate: number | null;
  continuity: { fixed: number; continuing: number; share: number | null };
  evaluation: { answers: number; usefulness: number | null };
  /** Those present per profession over the year's gatherings with attendance recorded. */
  professions: Partial<Record<Profession, number>>;
  /** Recorded gatherings without a user or relatives representative, where the network has one. */
  withoutRepresentative: number[];
  /** Goals against outcome: gatherings with an aim, and how well the aims were met (mean of the shown answers). */
  aims: { set: number; answers: number; met: number | null };
  /** Held gatherings with published minutes, and the open actions of the period's minutes. */
  minutesPublished: number;
  openActions: number;
  status: Status;
  reasons: StatusReason[];
}

export interface NetworkFacts {
  hasLeader: boolean;
  hasPlan: boolean;
  /** Whether a current fixed participant represents users, or relatives. */
  hasUserRepresentative: boolean;
  hasRelativesRepresentative: boolean;
  gatherings: GatheringFacts[];
  /** Fixed participants invited to the year's recorded gatherings, and how many of them continued. */
  continuity: { fixed: number; continuing: number };
}

/**
 * Continuity over a period's gatherings with attendance recorded: the fixed participants invited
 * to them, and how many came themselves (a stand-in does not count for them) to at least
 * CONTINUITY_MIN_ATTENDED — or to all of them, while fewer have been held.
 */
export function continuityOf(
  gatherings: { status: string; attendanceRecorded: boolean; invitedIds: number[]; presentIds: number[] }[],
): { fixed: number; continuing: number } {
  const fixed = new Set<number>();
  const attended = new Map<number, number>();
  let held = 0;
  for (const g of gatherings) {
    if (g.status !== 'planned' || !g.attendanceRecorded) continue;
    held += 1;
    for (const id of g.invitedIds) fixed.add(id);
    for (const id of g.presentIds) attended.set(id, (attended.get(id) ?? 0) + 1);
  }
  const needed = Math.min(CONTINUITY_MIN_ATTENDED, held);
  let continuing = 0;
  for (const id of fixed) if ((attended.get(id) ?? 0) >= needed) continuing += 1;
  return { fixed: fixed.size, continuing };
}

export function gatheringFigures(g: GatheringFacts, now: Date): GatheringFigures {
  const held = g.status === 'planned' && g.endsAt <= now;
  const due = new Date(g.startsAt.getTime() - g.agendaDueDays * 86_400_000);
  const agendaOnTime =
    g.status === 'cancelled' || due > now ? null : g.agendaPublishedAt !== null && g.agendaPublishedAt <= due;
  const recorded = g.status === 'planned' && g.attendanceRecorded;
  const attendanceRate =
    recorded && g.invitedFixed > 0 ? Math.min(1, (g.presentFixed + g.presentStandIns) / g.invitedFixed) : null;
  const missingServiceTypes = recorded ? REQUIRED_SERVICE_TYPES.filter((type) => !g.serviceTypes[type]) : [];
  const oneProfession =
    recorded && g.presentFixed + g.presentStandIns + g.guests > 0 && Object.keys(g.professions).length <= 1;
  const evaluationShown = resultsShown(g.evaluationAnswers, g.evaluationClosesAt, now);
  const usefulness = evaluationShown ? g.usefulnessSum / g.evaluationAnswers : null;
  const aimMet = evaluationShown && g.aimAnswers >= MIN_ANSWERS_SHOWN ? g.aimSum / g.aimAnswers : null;
  return {
    ...g,
    held,
    agendaOnTime,
    attendanceRate,
    missingServiceTypes,
    oneProfession,
    evaluationShown,
    usefulness,
    aimMet,
  };
}

export function networkYearFigures(facts: NetworkFacts, now: Date): NetworkYearFigures {
  const gatherings = [...facts.gatherings]
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((g) => gatheringFigures(g, now));
  const active = gatherings.filter((g) => g.status === 'planned');
  const rates = gatherings.flatMap((g) => (g.attendanceRate === null ? [] : [g.attendanceRate]));
  // Only answers whose gathering shows its results count: none of a hidden gathering's answers
  // can be worked out from the year's figure.
  const evaluated = gatherings.filter((g) => g.evaluationShown);
  const answers = evaluated.reduce((sum, g) => sum + g.evaluationAnswers, 0);
  const usefulnessSum = evaluated.reduce((sum, g) => sum + g.usefulnessSum, 0);
  const recorded = active.filter((g) => g.attendanceRecorded);
  const professions: Partial<Record<Profession, number>> = {};
  for (const g of recorded)
    for (const [code, count] of Object.entries(g.professions) as [Profession, number][])
      professions[code] = (professions[code] ?? 0) + count;
  const withoutRepresentative = recorded
    .filter(
      (g) =>
        (facts.hasUserRepresentative && !g.userRepresentative) ||
        (facts.hasRelativesRepresentative && !g.relativesRepresentative),
    )
    .map((g) => g.id);
  const aimed = gatherings.filter((g) => g.aimMet !== null);
  const aimAnswers = aimed.reduce((sum, g) => sum + g.aimAnswers, 0);
  const aimSum = aimed.reduce((sum, g) => sum + g.aimSum, 0);
  const figures = {
    planned: gatherings.length,
    held: gatherings.filter((g) => g.held).length,
    cancelled: gatherings.length - active.length,
    physical: active.filter((g) => g.format !== 'digital').length,
    agendasDue: gatherings.filter((g) => g.agendaOnTime !== null).length,
    agendasOnTime: gatherings.filter((g) => g.agendaOnTime === true).length,
    gatherings,
    attendanceRate: mean(rates),
    continuity: {
      ...facts.continuity,
      share: facts.continuity.fixed > 0 ? facts.continuity.continuing / facts.continuity.fixed : null,
    },
    evaluation: { answers, usefulness: answers > 0 ? usefulnessSum / answers : null },
    professions,
    withoutRepresentative,
    aims: {
      set: active.filter((g) => g.aim !== '').length,
      answers: aimAnswers,
      met: aimAnswers > 0 ? aimSum / aimAnswers : null,
    },
    minutesPublished: gatherings.filter((g) => g.held && g.minutesPublished === true).length,
    openActions: gatherings.reduce((sum, g) => sum + (g.openActions ?? 0), 0),
  };
  const reasons = statusReasons(facts, figures, rates);
  return {
    ...figures,
    reasons,
    status: reasons.some((r) => RED_REASONS.includes(r)) ? 'red' : reasons.length > 0 ? 'yellow' : 'green',
  };
}

function statusReasons(
  facts: NetworkFacts,
  f: Omit<NetworkYearFigures, 'status' | 'reasons'>,
  rates: number[],
): StatusReason[] {
  const reasons: StatusReason[] = [];
  if (!facts.hasLeader) reasons.push('noLeader');
  if (!facts.hasPlan) reasons.push('noPlan');
  else if (f.physical < 2) reasons.push('fewPhysical');
  if (f.agendasOnTime < f.agendasDue) reasons.push('lateAgendas');
  const latest = rates.at(-1);
  const earlier = mean(rates.slice(0, -1));
  if (latest !== undefined && earlier !== null && latest < earlier - FALLING_ATTENDANCE_DROP)
    reasons.push('fallingAttendance');
  if (f.gatherings.some((g) => g.missingServiceTypes.length > 0)) reasons.push('missingServiceTypes');
  if (f.gatherings.some((g) => g.oneProfession)) reasons.push('oneProfession');
  if (f.withoutRepresentative.length > 0) reasons.push('missingRepresentative');
  if (f.evaluation.usefulness !== null && f.evaluation.usefulness < LOW_EVALUATION) reasons.push('lowEvaluation');
  return reasons;
}

function mean(values: number[]): number | null {
  return values.length > 0 ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}
