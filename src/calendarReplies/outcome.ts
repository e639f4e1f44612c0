import { hasStarted } from '../kernel/dates';
import type { Answer, ItipAnswer } from './itip';

/** Why a calendar answer was not recorded (the leader reads each in words). */
export const REFUSAL_REASONS = [
  'unknownEvent',
  'notInvited',
  'senderMismatch',
  'duplicate',
  'cancelled',
  'closed',
  'unsupportedAnswer',
  'stale',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type Outcome =
  | { outcome: 'recorded'; answer: Answer }
  | { outcome: 'counter' }
  | { outcome: 'refused'; reason: RefusalReason };

/**
 * What becomes of a calendar answer; the same rules as an answer link, and then some, since an
 * email's sender is not proven by a secret link:
 * - its UID must be a gathering's, and its ATTENDEE someone invited to it (matched by address);
 * - the message must come from that attendee (the From header or the envelope sender);
 * - the same answer (SEQUENCE and DTSTAMP) delivered again is recorded once;
 * - a cancelled gathering, or one that has started, takes no answers (as Min side and the link);
 * - a COUNTER (a proposed new time) is shown to the leader, never applied;
 * - an answer written before the one Samling holds (given by link later) is not applied.
 */
export function decideOutcome(input: {
  itip: ItipAnswer;
  /** The addresses the message came from: its From header and its envelope sender. */
  senders: string[];
  gathering: { status: string; startsAt: Date } | undefined;
  invitation: { answeredAt: Date | null } | undefined;
  /** An answer with this SEQUENCE and DTSTAMP from this invitation was handled before. */
  seenBefore: boolean;
  now: Date;
}): Outcome {
  const { itip } = input;
  const refuse = (reason: RefusalReason): Outcome => ({ outcome: 'refused', reason });
  if (!input.gathering) return refuse('unknownEvent');
  if (!input.invitation) return refuse('notInvited');
  if (!input.senders.some((sender) => sender.toLowerCase() === itip.attendee)) return refuse('senderMismatch');
  if (input.seenBefore) return refuse('duplicate');
  if (input.gathering.status === 'cancelled') return refuse('cancelled');
  if (input.gathering.status !== 'planned' || hasStarted(input.gathering, input.now)) return refuse('closed');
  if (itip.method === 'COUNTER') return { outcome: 'counter' };
  if (!itip.answer) return refuse('unsupportedAnswer');
  // A DTSTAMP ahead of now (a client's clock, or a forgery) counts as now.
  const writtenAt = itip.dtstamp && itip.dtstamp < input.now ? itip.dtstamp : input.now;
  if (input.invitation.answeredAt && writtenAt.getTime() < input.invitation.answeredAt.getTime())
    return refuse('stale');
  return { outcome: 'recorded', answer: itip.answer };
}
