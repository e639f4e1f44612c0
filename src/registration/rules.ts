import { plusMonthsInOslo } from '../kernel/dates';

// The rules of registering for a fagdag, with no database and no HTTP (test/unit/registration.test.ts).

export interface RegistrationWindow {
  open: boolean;
  deadline: Date;
  startsAt: Date;
  status: string;
}

/** Whether the public page takes registrations now, or why not. */
export function registrationState(
  settings: RegistrationWindow,
  now: Date = new Date(),
): 'open' | 'closed' | 'deadlinePassed' | 'cancelled' {
  if (settings.status === 'cancelled') return 'cancelled';
  if (!settings.open) return 'closed';
  if (now.getTime() > settings.deadline.getTime() || now.getTime() >= settings.startsAt.getTime())
    return 'deadlinePassed';
  return 'open';
}

/**
 * Who takes a place: members of the fagdag's networks who answered yes to their invitation, and
 * confirmed registrations. A new registration is confirmed while places are left, else it waits.
 */
export const placesLeft = (capacity: number, taken: { membersYes: number; confirmed: number }) =>
  Math.max(0, capacity - taken.membersYes - taken.confirmed);

export const statusForNew = (left: number): 'confirmed' | 'waiting' => (left > 0 ? 'confirmed' : 'waiting');

/** When the rows of those in no network are deleted: this many months after the fagdag's end. */
export const deletionDate = (endsAt: Date, months: number): Date => plusMonthsInOslo(endsAt, months);

/** The answers to KORUS's questions, kept in the questions' order, blanks kept as ''. */
export function pairAnswers(questions: string[], answers: string[]): { question: string; answer: string }[] {
  return questions.map((question, i) => ({ question, answer: answers[i] ?? '' }));
}
