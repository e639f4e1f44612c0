import fc from 'fast-check';
import { continuityOf, networkYearFigures, type GatheringFacts, type NetworkFacts } from '../../src/overview/figures';

const NOW = new Date('2026-11-24T12:00:00Z');
let nextId = 1;
const gathering = (overrides: Partial<GatheringFacts> = {}): GatheringFacts => ({
  id: nextId++,
  startsAt: new Date('2026-03-12T11:00:00Z'),
  endsAt: new Date('2026-03-12T14:00:00Z'),
  status: 'planned',
  kind: 'regular',
  format: 'physical',
  topic: 'Tema',
  aim: '',
  agendaPublishedAt: new Date('2026-02-01T10:00:00Z'),
  agendaDueDays: 14,
  attendanceRecorded: true,
  invitedFixed: 10,
  presentFixed: 8,
  presentStandIns: 0,
  guests: 0,
  serviceTypes: { municipal: 3, mentalHealth: 3, addiction: 2 },
  professions: { nurse: 4, psychologist: 4 },
  userRepresentative: false,
  relativesRepresentative: false,
  evaluationAnswers: 0,
  usefulnessSum: 0,
  aimAnswers: 0,
  aimSum: 0,
  // Closed long before NOW, so results show (src/evaluation/closing.ts).
  evaluationClosesAt: new Date('2026-03-26T14:00:00Z'),
  ...overrides,
});
const network = (gatherings: GatheringFacts[], overrides: Partial<NetworkFacts> = {}): NetworkFacts => ({
  hasLeader: true,
  hasPlan: true,
  hasUserRepresentative: false,
  hasRelativesRepresentative: false,
  gatherings,
  continuity: { fixed: 10, continuing: 7 },
  ...overrides,
});
const at = (iso: string) => ({ startsAt: new Date(`${iso}T11:00:00Z`), endsAt: new Date(`${iso}T14:00:00Z`) });

test('a network that follows the model is green, with the figures worked out by hand', () => {
  const f = networkYearFigures(
    network([
      gathering({ ...at('2026-03-12'), presentFixed: 8, evaluationAnswers: 4, usefulnessSum: 18 }),
      gathering({
        ...at('2026-06-11'),
        format: 'digital',
        presentFixed: 7,
        presentStandIns: 1,
        evaluationAnswers: 2,
        usefulnessSum: 8,
      }),
      gathering({ ...at('2026-09-10'), presentFixed: 9, guests: 2 }),
      gathering({ ...at('2026-12-10'), attendanceRecorded: false, agendaPublishedAt: null }),
    ]),
    NOW,
  );
  expect(f).toMatchObject({
    planned: 4,
    held: 3,
    cancelled: 0,
    physical: 3,
    agendasDue: 3,
    agendasOnTime: 3,
    status: 'green',
    reasons: [],
  });
  // (0.8 + 0.8 + 0.9) / 3: a stand-in fills the unit's seat; guests are not seats.
  expect(f.attendanceRate).toBeCloseTo(2.5 / 3);
  expect(f.continuity).toEqual({ fixed: 10, continuing: 7, share: 0.7 });
  // Only the gathering with 4 answers counts: 18 / 4. The one with 2 answers shows nothing, not even
  // through the year's figure (from which its answers could be worked out).
  expect(f.evaluation).toEqual({ answers: 4, usefulness: 4.5 });
  expect(f.gatherings.map((g) => g.usefulness)).toEqual([4.5, null, null, null]);
  expect(f.gatherings[3]?.agendaOnTime).toBeNull();
});

test('no leader or no year plan makes a network red; the yellow reasons are listed', () => {
  expect(networkYearFigures(network([], { hasLeader: false }), NOW)).toMatchObject({
    status: 'red',
    reasons: ['noLeader', 'fewPhysical'],
  });
  expect(networkYearFigures(network([], { hasPlan: false }), NOW)).toMatchObject({
    status: 'red',
    reasons: ['noPlan'],
  });
  const f = networkYearFigures(
    network([
      gathering({
        ...at('2026-03-12'),
        presentFixed: 9,
        serviceTypes: { municipal: 5, mentalHealth: 4 },
        evaluationAnswers: 3,
        usefulnessSum: 6,
      }),
      gathering({
        ...at('2026-06-11'),
        format: 'digital',
        presentFixed: 5,
        agendaPublishedAt: new Date('2026-06-05T10:00:00Z'),
      }),
      gathering({ ...at('2026-09-10'), status: 'cancelled' }),
    ]),
    NOW,
  );
  expect(f.status).toBe('yellow');
  expect(f.reasons).toEqual([
    'fewPhysical',
    'lateAgendas',
    'fallingAttendance',
    'missingServiceTypes',
    'lowEvaluation',
  ]);
  expect(f.gatherings[0]?.missingServiceTypes).toEqual(['addiction']);
  expect(f.gatherings[1]?.agendaOnTime).toBe(false);
});

test('figures stay within their bounds and a hidden evaluation stays hidden, whatever the facts', () => {
  const facts = fc.record({
    invitedFixed: fc.nat(40),
    presentFixed: fc.nat(40),
    presentStandIns: fc.nat(5),
    attendanceRecorded: fc.boolean(),
    evaluationAnswers: fc.nat(2),
    status: fc.constantFrom('planned' as const, 'cancelled' as const),
    format: fc.constantFrom('physical' as const, 'digital' as const, 'hybrid' as const),
  });
  fc.assert(
    fc.property(fc.array(facts, { maxLength: 8 }), (list) => {
      const f = networkYearFigures(
        network(list.map((g) => gathering({ ...g, usefulnessSum: g.evaluationAnswers * 5 }))),
        NOW,
      );
      for (const g of f.gatherings) {
        if (g.attendanceRate !== null) expect(g.attendanceRate).toBeGreaterThanOrEqual(0);
        if (g.attendanceRate !== null) expect(g.attendanceRate).toBeLessThanOrEqual(1);
        // Fewer than three answers: never shown for one gathering.
        expect(g.usefulness).toBeNull();
      }
      expect(f.held + f.cancelled).toBeLessThanOrEqual(f.planned);
      expect(f.agendasOnTime).toBeLessThanOrEqual(f.agendasDue);
      expect(['green', 'yellow', 'red']).toContain(f.status);
    }),
  );
});

test("continuity: fixed participants who came themselves to three of the year's gatherings, or to all while fewer are held", () => {
  const held = (invitedIds: number[], presentIds: number[], status = 'planned') => ({
    status,
    attendanceRecorded: true,
    invitedIds,
    presentIds,
  });
  // Person 3 was replaced by a stand-in (not in presentIds) once; person 4 only came once.
  const year = [
    held([1, 2, 3, 4], [1, 2, 3]),
    held([1, 2, 3, 4], [1, 2]),
    held([1, 2, 3, 4], [1, 2, 3, 4]),
    held([1, 2, 3, 4], [4], 'cancelled'),
  ];
  expect(continuityOf(year)).toEqual({ fixed: 4, continuing: 2 });
  // With two gatherings held so far, coming to both is enough.
  expect(continuityOf(year.slice(0, 2))).toEqual({ fixed: 4, continuing: 2 });
  expect(continuityOf([])).toEqual({ fixed: 0, continuing: 0 });
});

test("a gathering's answers count only once its evaluation has closed", () => {
  const answered = { evaluationAnswers: 4, usefulnessSum: 18 };
  const open = gathering({ ...answered, evaluationClosesAt: new Date(NOW.getTime() + 60_000) });
  const closed = gathering({ ...answered, evaluationClosesAt: new Date(NOW.getTime() - 60_000) });
  expect(networkYearFigures(network([open]), NOW).evaluation).toEqual({ answers: 0, usefulness: null });
  expect(networkYearFigures(network([open]), NOW).gatherings[0]?.usefulness).toBeNull();
  expect(networkYearFigures(network([closed]), NOW).evaluation).toEqual({ answers: 4, usefulness: 4.5 });
});

test('goals against outcome: how well the aims were met, only from gatherings whose aim three answered', () => {
  const aimed = (aimAnswers: number, aimSum: number, overrides: Partial<GatheringFacts> = {}) =>
    gathering({
      aim: 'Felles forståelse av kriseplaner',
      evaluationAnswers: 4,
      usefulnessSum: 16,
      aimAnswers,
      aimSum,
      ...overrides,
    });
  const f = networkYearFigures(
    network([aimed(4, 18), aimed(3, 9), aimed(2, 10), gathering(), aimed(0, 0, { status: 'cancelled' })]),
    NOW,
  );
  expect(f.gatherings.map((g) => g.aimMet)).toEqual([4.5, 3, null, null, null]);
  // Three gatherings held with an aim (the cancelled one does not count); (18 + 9) / 7 answers.
  expect(f.aims).toEqual({ set: 3, answers: 7, met: 27 / 7 });
  // While the evaluation is open, nothing is shown.
  const open = aimed(4, 18, { evaluationClosesAt: new Date(NOW.getTime() + 60_000) });
  expect(networkYearFigures(network([open]), NOW).aims).toEqual({ set: 1, answers: 0, met: null });
});

test('breadth: a gathering of one profession, and one without the representative the network has, are flagged', () => {
  const broad = gathering();
  const narrow = gathering({ professions: { nurse: 6 } });
  const noOne = gathering({ attendanceRecorded: false, professions: {} });
  const f = networkYearFigures(network([broad, narrow, noOne]), NOW);
  expect(f.gatherings.map((g) => g.oneProfession)).toEqual([false, true, false]);
  expect(f.reasons).toContain('oneProfession');
  expect(f.professions).toEqual({ nurse: 10, psychologist: 4 });
  expect(f.withoutRepresentative).toEqual([]);

  // The network has a user representative: the gathering where none came is named.
  const withRep = gathering({ userRepresentative: true });
  const withoutRep = gathering();
  const g = networkYearFigures(network([withRep, withoutRep], { hasUserRepresentative: true }), NOW);
  expect(g.withoutRepresentative).toEqual([withoutRep.id]);
  expect(g.reasons).toEqual(['missingRepresentative']);
  // Without such a member nothing is missing.
  expect(networkYearFigures(network([withRep, withoutRep]), NOW).reasons).toEqual([]);
});
