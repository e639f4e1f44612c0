import type { AcceptedStatus } from '../gatherings/model';
// What is still to do about a gathering, before and after it: the leader's checklist on the
// gathering's page and the network page, and the reason for the follow-up email the day after.
// Pure: a gathering's progress and the moment in, steps out.

export interface GatheringProgress {
  status: AcceptedStatus;
  startsAt: Date;
  endsAt: Date;
  /** When the agenda should be published (the network's agenda_due_days before the start). */
  agendaDueAt: Date;
  agendaPublished: boolean;
  /** Whether minutes have been published (src/minutes/). */
  minutesPublished?: boolean;
  /** Invitations sent so far (to anyone). */
  invited: number;
  attendanceRecorded: boolean;
  /** Evaluation requests sent, and answers received. */
  evaluationAsked: number;
  evaluationAnswers: number;
  evaluationClosesAt: Date;
  /** Fewer answers than this are never shown (anonymity). */
  minAnswersShown: number;
}

export type StepCode = 'publishAgenda' | 'sendInvitations' | 'recordAttendance' | 'sendEvaluation' | 'resultsReady';

export interface NextStep {
  code: StepCode;
  /** Late or due now: shown as a warning, and what the day-after email is about. */
  urgent: boolean;
}

/**
 * Before the start: publish the agenda (urgent from its due date) and send the invitations.
 * From the start: register attendance (which, after the end, asks those present to evaluate);
 * if it was registered earlier, send the evaluation while it is open; once it
 * has closed with enough answers, the results are ready to read. A cancelled gathering has none.
 */
export function nextSteps(p: GatheringProgress, now: Date): NextStep[] {
  if (p.status === 'cancelled') return [];
  const steps: NextStep[] = [];
  if (now < p.startsAt) {
    if (!p.agendaPublished) steps.push({ code: 'publishAgenda', urgent: now >= p.agendaDueAt });
    if (p.invited === 0) steps.push({ code: 'sendInvitations', urgent: now >= p.agendaDueAt });
    return steps;
  }
  const closed = now >= p.evaluationClosesAt;
  if (!p.attendanceRecorded) steps.push({ code: 'recordAttendance', urgent: now >= p.endsAt });
  // Attendance registered after the end asks those present for the evaluation; registered earlier, it must be sent.
  if (p.attendanceRecorded && p.evaluationAsked === 0 && !closed)
    steps.push({ code: 'sendEvaluation', urgent: now >= p.endsAt });
  if (closed && p.evaluationAnswers >= p.minAnswersShown) steps.push({ code: 'resultsReady', urgent: false });
  return steps;
}

/** The steps the leader is reminded of the day after a gathering. */
export const followUpSteps = (p: GatheringProgress, now: Date): NextStep[] =>
  nextSteps(p, now).filter((s) => s.code === 'recordAttendance' || s.code === 'sendEvaluation');
