import type { Actor } from '../../src/access/actor';
import { canChangePerson, PERSON_ACTIONS, type PersonRoles } from '../../src/access/policy';

// Who may change whom (src/accounts/policy.ts): every kind of actor × every kind of person ×
// every action. Networks A and B are in region 1, network C in region 2; the actor of each row
// is person 100.
const R1 = 1;
const R2 = 2;
const [A, B, C] = [10, 11, 12];

const actor = (overrides: Partial<Actor>): Actor => ({
  id: 100,
  name: 'Aktør',
  email: 'aktor@example.no',
  language: 'nb',
  korusAll: false,
  korusRegionIds: [],
  networks: new Map(),
  ...overrides,
});
const leaderOf = (...networks: [number, number][]) =>
  actor({ networks: new Map(networks.map(([id, regionId]) => [id, { role: 'leader', regionId }])) });

const ACTORS = {
  'national KORUS admin': actor({ korusAll: true }),
  'KORUS admin of region 1': actor({ korusRegionIds: [R1] }),
  'KORUS admin of region 2': actor({ korusRegionIds: [R2] }),
  'leader of A': leaderOf([A, R1]),
  'leader of A and B': leaderOf([A, R1], [B, R1]),
  'working group of A': actor({ networks: new Map([[A, { role: 'workingGroup', regionId: R1 }]]) }),
  'participant of A': actor({ networks: new Map([[A, { role: 'participant', regionId: R1 }]]) }),
  'no role': actor({}),
};

const person = (overrides: Partial<PersonRoles>): PersonRoles => ({
  id: 200,
  regionId: R1,
  korusAll: false,
  korusRegionIds: [],
  memberships: [],
  ...overrides,
});
const TARGETS = {
  self: person({ id: 100, memberships: [{ networkId: A, role: 'participant' }] }),
  'participant of A': person({ memberships: [{ networkId: A, role: 'participant' }] }),
  'participant of A and B': person({
    memberships: [
      { networkId: A, role: 'participant' },
      { networkId: B, role: 'participant' },
    ],
  }),
  'participant of B': person({ memberships: [{ networkId: B, role: 'participant' }] }),
  'co-leader of A': person({ memberships: [{ networkId: A, role: 'leader' }] }),
  'leader of B, participant of A': person({
    memberships: [
      { networkId: A, role: 'participant' },
      { networkId: B, role: 'leader' },
    ],
  }),
  'working group of A': person({ memberships: [{ networkId: A, role: 'workingGroup' }] }),
  'working group of B': person({ memberships: [{ networkId: B, role: 'workingGroup' }] }),
  'in no network, region 1': person({}),
  'in no network, region 2': person({ regionId: R2 }),
  'participant of C (region 2)': person({ regionId: R2, memberships: [{ networkId: C, role: 'participant' }] }),
  'KORUS admin of region 1, participant of A': person({
    korusRegionIds: [R1],
    memberships: [{ networkId: A, role: 'participant' }],
  }),
  'national KORUS admin': person({ korusAll: true }),
};

// E = edit, C = change email, A = archive, X = erase; '-' = refused.
const ALL = 'ECAX';
const NONE = '----';
const EXPECTED: Record<keyof typeof ACTORS, Record<keyof typeof TARGETS, string>> = {
  'national KORUS admin': {
    self: 'EC--',
    'participant of A': ALL,
    'participant of A and B': ALL,
    'participant of B': ALL,
    'co-leader of A': ALL,
    'leader of B, participant of A': ALL,
    'working group of A': ALL,
    'working group of B': ALL,
    'in no network, region 1': ALL,
    'in no network, region 2': ALL,
    'participant of C (region 2)': ALL,
    'KORUS admin of region 1, participant of A': ALL,
    'national KORUS admin': ALL,
  },
  'KORUS admin of region 1': {
    self: 'EC--',
    'participant of A': ALL,
    'participant of A and B': ALL,
    'participant of B': ALL,
    'co-leader of A': ALL,
    'leader of B, participant of A': ALL,
    'working group of A': ALL,
    'working group of B': ALL,
    'in no network, region 1': ALL,
    'in no network, region 2': NONE,
    'participant of C (region 2)': NONE,
    'KORUS admin of region 1, participant of A': NONE,
    'national KORUS admin': NONE,
  },
  'KORUS admin of region 2': {
    self: 'EC--',
    'participant of A': NONE,
    'participant of A and B': NONE,
    'participant of B': NONE,
    'co-leader of A': NONE,
    'leader of B, participant of A': NONE,
    'working group of A': NONE,
    'working group of B': NONE,
    'in no network, region 1': NONE,
    'in no network, region 2': ALL,
    'participant of C (region 2)': ALL,
    'KORUS admin of region 1, participant of A': NONE,
    'national KORUS admin': NONE,
  },
  'leader of A': {
    self: 'EC--',
    'participant of A': 'ECA-',
    'participant of A and B': 'ECA-',
    'participant of B': NONE,
    'co-leader of A': 'ECA-',
    'leader of B, participant of A': NONE,
    'working group of A': 'ECA-',
    'working group of B': NONE,
    'in no network, region 1': 'ECA-',
    'in no network, region 2': NONE,
    'participant of C (region 2)': NONE,
    'KORUS admin of region 1, participant of A': NONE,
    'national KORUS admin': NONE,
  },
  'leader of A and B': {
    self: 'EC--',
    'participant of A': 'ECA-',
    'participant of A and B': 'ECA-',
    'participant of B': 'ECA-',
    'co-leader of A': 'ECA-',
    'leader of B, participant of A': 'ECA-',
    'working group of A': 'ECA-',
    'working group of B': 'ECA-',
    'in no network, region 1': 'ECA-',
    'in no network, region 2': NONE,
    'participant of C (region 2)': NONE,
    'KORUS admin of region 1, participant of A': NONE,
    'national KORUS admin': NONE,
  },
  'working group of A': { ...onlySelf() },
  'participant of A': { ...onlySelf() },
  'no role': { ...onlySelf() },
};

function onlySelf(): Record<keyof typeof TARGETS, string> {
  return Object.fromEntries(Object.keys(TARGETS).map((k) => [k, k === 'self' ? 'EC--' : NONE])) as Record<
    keyof typeof TARGETS,
    string
  >;
}

describe('who may change whom', () => {
  const cases = Object.entries(ACTORS).flatMap(([actorName, a]) =>
    Object.entries(TARGETS).map(([targetName, target]) => [actorName, targetName, a, target] as const),
  );
  test.each(cases)('%s → %s', (actorName, targetName, a, target) => {
    const got = PERSON_ACTIONS.map((action, i) => (canChangePerson(a, target, action) ? ALL[i] : '-')).join('');
    expect(got).toBe(EXPECTED[actorName as keyof typeof ACTORS][targetName as keyof typeof TARGETS]);
  });
});
