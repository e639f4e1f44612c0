import fc from 'fast-check';
import { nextSteps, type GatheringProgress } from '../../src/hubs/nextSteps';

const HOUR = 3600_000;
const start = new Date('2027-03-11T11:00:00Z');
const progress = (overrides: Partial<GatheringProgress> = {}): GatheringProgress => ({
  status: 'planned',
  startsAt: start,
  endsAt: new Date(start.getTime() + 3 * HOUR),
  agendaDueAt: new Date(start.getTime() - 14 * 24 * HOUR),
  agendaPublished: false,
  invited: 0,
  attendanceRecorded: false,
  evaluationAsked: 0,
  evaluationAnswers: 0,
  evaluationClosesAt: new Date(start.getTime() + 3 * HOUR + 14 * 24 * HOUR),
  minAnswersShown: 3,
  ...overrides,
});
const codes = (p: GatheringProgress, now: Date) => nextSteps(p, now).map((s) => `${s.code}${s.urgent ? '!' : ''}`);

test('before: the agenda and the invitations, urgent from the agenda due date', () => {
  expect(codes(progress(), new Date(start.getTime() - 30 * 24 * HOUR))).toEqual(['publishAgenda', 'sendInvitations']);
  expect(codes(progress(), new Date(start.getTime() - 7 * 24 * HOUR))).toEqual(['publishAgenda!', 'sendInvitations!']);
  expect(codes(progress({ agendaPublished: true, invited: 12 }), new Date(start.getTime() - HOUR))).toEqual([]);
});

test('after: attendance, then the evaluation while it is open, then results once closed with enough answers', () => {
  const dayAfter = new Date(start.getTime() + 24 * HOUR);
  expect(codes(progress(), dayAfter)).toEqual(['recordAttendance!']);
  // Registered while it was under way: nobody was asked yet.
  expect(codes(progress({ attendanceRecorded: true }), dayAfter)).toEqual(['sendEvaluation!']);
  expect(codes(progress({ attendanceRecorded: true, evaluationAsked: 9 }), dayAfter)).toEqual([]);
  const closed = new Date(start.getTime() + 20 * 24 * HOUR);
  expect(codes(progress({ attendanceRecorded: true, evaluationAsked: 9, evaluationAnswers: 5 }), closed)).toEqual([
    'resultsReady',
  ]);
  // Too few answers are never shown, so there is nothing to read.
  expect(codes(progress({ attendanceRecorded: true, evaluationAsked: 9, evaluationAnswers: 2 }), closed)).toEqual([]);
  // A closed evaluation can no longer be sent.
  expect(codes(progress({ attendanceRecorded: true }), closed)).toEqual([]);
});

test('under way: attendance may be registered, but is not yet late', () => {
  expect(codes(progress({ agendaPublished: true, invited: 3 }), new Date(start.getTime() + HOUR))).toEqual([
    'recordAttendance',
  ]);
});

test('property: a cancelled gathering has no steps; before the start only before-steps, after only after-steps', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -60 * 24, max: 60 * 24 }),
      fc.boolean(),
      fc.nat(5),
      fc.boolean(),
      fc.nat(5),
      fc.nat(5),
      (hours, agendaPublished, invited, attendanceRecorded, evaluationAsked, evaluationAnswers) => {
        const p = progress({ agendaPublished, invited, attendanceRecorded, evaluationAsked, evaluationAnswers });
        const now = new Date(start.getTime() + hours * HOUR);
        expect(nextSteps({ ...p, status: 'cancelled' }, now)).toEqual([]);
        const steps = nextSteps(p, now).map((s) => s.code);
        const before = ['publishAgenda', 'sendInvitations'];
        if (now < start) expect(steps.every((s) => before.includes(s))).toBe(true);
        else expect(steps.some((s) => before.includes(s))).toBe(false);
        expect(new Set(steps).size).toBe(steps.length);
      },
    ),
  );
});
