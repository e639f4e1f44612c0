import { networkYearFigures, type GatheringFacts, type NetworkFacts } from '../../src/overview/figures';
import { modelChecks, reportSummary } from '../../src/reports/report';

const NOW = new Date('2026-11-24T12:00:00Z');
let nextId = 1;
const gathering = (iso: string, overrides: Partial<GatheringFacts> = {}): GatheringFacts => ({
  id: nextId++,
  startsAt: new Date(`${iso}T11:00:00Z`),
  endsAt: new Date(`${iso}T14:00:00Z`),
  status: 'planned',
  kind: 'regular',
  format: 'physical',
  topic: 'Tema',
  aim: '',
  agendaPublishedAt: new Date(new Date(`${iso}T11:00:00Z`).getTime() - 20 * 86_400_000),
  agendaDueDays: 14,
  attendanceRecorded: true,
  invitedFixed: 4,
  presentFixed: 4,
  presentStandIns: 0,
  guests: 0,
  serviceTypes: { municipal: 1, mentalHealth: 1, addiction: 2 },
  professions: { nurse: 2, socialWorker: 2 },
  userRepresentative: false,
  relativesRepresentative: false,
  evaluationAnswers: 3,
  usefulnessSum: 12,
  aimAnswers: 0,
  aimSum: 0,
  evaluationClosesAt: new Date('2020-01-01T00:00:00Z'),
  ...overrides,
});
const figures = (gatherings: GatheringFacts[], overrides: Partial<NetworkFacts> = {}) =>
  networkYearFigures(
    {
      hasLeader: true,
      hasPlan: true,
      hasUserRepresentative: false,
      hasRelativesRepresentative: false,
      gatherings,
      continuity: { fixed: 4, continuing: 2 },
      ...overrides,
    },
    NOW,
  );
const model = ['2026-02-05', '2026-04-09', '2026-09-03', '2026-11-05'];

test('a network that held four physical, evaluated gatherings with all three services meets every part', () => {
  expect(modelChecks(figures(model.map((d) => gathering(d))))).toEqual({
    fourGatherings: true,
    twoPhysical: true,
    agendasOnTime: true,
    continuity: true,
    services: true,
    evaluated: true,
  });
});

test('each part fails on its own rule', () => {
  const [a, b, c, d] = model as [string, string, string, string];
  // A cancelled gathering is not one of the four; it does not spoil the other parts.
  expect(
    modelChecks(figures([gathering(a), gathering(b), gathering(c), gathering(d, { status: 'cancelled' })])),
  ).toMatchObject({ fourGatherings: false, services: true, evaluated: true });
  expect(
    modelChecks(figures(model.map((date, i) => gathering(date, { format: i === 0 ? 'physical' : 'digital' })))),
  ).toMatchObject({ twoPhysical: false, fourGatherings: true });
  expect(
    modelChecks(
      figures(model.map((date, i) => (i === 2 ? gathering(date, { agendaPublishedAt: null }) : gathering(date)))),
    ),
  ).toMatchObject({ agendasOnTime: false });
  expect(
    modelChecks(
      figures(
        model.map((date) => gathering(date)),
        { continuity: { fixed: 4, continuing: 1 } },
      ),
    ),
  ).toMatchObject({ continuity: false });
  // Attendance not registered for a held gathering: the services cannot be shown to have come.
  expect(modelChecks(figures(model.map((date, i) => gathering(date, { attendanceRecorded: i !== 1 }))))).toMatchObject({
    services: false,
  });
  expect(
    modelChecks(
      figures(
        model.map((date, i) =>
          i === 3 ? gathering(date, { serviceTypes: { municipal: 2, mentalHealth: 1 } }) : gathering(date),
        ),
      ),
    ),
  ).toMatchObject({ services: false });
  expect(
    modelChecks(figures(model.map((date, i) => gathering(date, { evaluationAnswers: i === 0 ? 2 : 3 })))),
  ).toMatchObject({ evaluated: false });
});

test('nothing held and nothing due is not "met"', () => {
  expect(modelChecks(figures([], { continuity: { fixed: 0, continuing: 0 } }))).toEqual({
    fourGatherings: false,
    twoPhysical: false,
    agendasOnTime: false,
    continuity: false,
    services: false,
    evaluated: false,
  });
});

test('the summary counts statuses and each part over the networks', () => {
  const good = figures(model.map((d) => gathering(d)));
  const none = figures([], { hasLeader: false, continuity: { fixed: 0, continuing: 0 } });
  const digital = figures(model.map((d) => gathering(d, { format: 'digital' })));
  expect(reportSummary([good, none, digital])).toEqual({
    networks: 3,
    statuses: { green: 1, yellow: 1, red: 1 },
    met: { fourGatherings: 2, twoPhysical: 1, agendasOnTime: 2, continuity: 2, services: 2, evaluated: 2 },
  });
});
