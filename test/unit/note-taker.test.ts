import fc from 'fast-check';
import { type NoteTakerCandidate, type NoteTakerTurn, nextNoteTaker } from '../../src/minutes/noteTaker';

const member = (participantId: number, isLeader = false, joinedOn = '2020-01-01'): NoteTakerCandidate => ({
  participantId,
  isLeader,
  joinedOn,
});
/** The i-th gathering's date, six weeks apart. */
const dateOf = (i: number) => new Date(Date.UTC(2030, 0, 1 + 42 * i)).toISOString().slice(0, 10);

/** Gathering after gathering, each with the proposal taken. */
function run(members: NoteTakerCandidate[], count: number, history: NoteTakerTurn[] = []): number[] {
  const turns = [...history];
  const picks: number[] = [];
  for (let i = 0; i < count; i++) {
    const date = dateOf(i);
    const next = nextNoteTaker(members, turns, date);
    if (!next) break;
    picks.push(next.participantId);
    turns.push({ date, participantId: next.participantId });
  }
  return picks;
}

test('one who never took the minutes goes first, the leader last, and the reason tells when they last did', () => {
  const members = [member(1, true), member(2), member(3)];
  const history = [{ date: '2026-03-12', participantId: 2 }];
  expect(nextNoteTaker(members, history, '2027-01-14')).toEqual({ participantId: 3, lastDate: null, turns: 0 });
  expect(nextNoteTaker(members, [...history, { date: '2026-06-11', participantId: 3 }], '2027-01-14')).toEqual({
    participantId: 2,
    lastDate: '2026-03-12',
    turns: 1,
  });
  // Turns after the gathering do not count; a leader alone takes the minutes.
  expect(nextNoteTaker(members, [{ date: '2027-06-01', participantId: 3 }], '2027-01-14')?.participantId).toBe(2);
  expect(nextNoteTaker([member(1, true)], [], '2027-01-14')?.participantId).toBe(1);
  expect(nextNoteTaker([], [], '2027-01-14')).toBeUndefined();
});

test('property: over the members, nobody takes the minutes a second time before everyone has, never twice in a row, never the leader while others can', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 24 }),
      fc.boolean(),
      (size, count, withLeader) => {
        const members = Array.from({ length: size }, (_, i) => member(i + 1, withLeader && i === 0));
        const picks = run(members, count);
        const pool = members.filter((m) => !m.isLeader).length > 0 ? members.filter((m) => !m.isLeader) : members;
        const counts = new Map(pool.map((m) => [m.participantId, 0]));
        for (const [i, id] of picks.entries()) {
          expect(counts.has(id)).toBe(true);
          counts.set(id, (counts.get(id) ?? 0) + 1);
          expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
          if (i > 0 && pool.length > 1) expect(id).not.toBe(picks[i - 1]);
        }
      },
    ),
  );
});
