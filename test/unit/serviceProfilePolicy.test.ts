import type { Actor } from '../../src/access/actor';
import { canEditServiceProfile } from '../../src/access/policy';

// Who keeps a unit's service profile (src/access/policy.ts): the unit's manager by address, the
// leaders of the networks it belongs to, and KORUS for its region; nobody else.
const R1 = 1;
const R2 = 2;
const [A, B] = [10, 11];
const unit = { regionId: R1, managerEmail: 'Mona.Leder@helse-bergen.example', networkIds: [A] };

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
const inNetwork = (id: number, role: 'leader' | 'workingGroup' | 'participant') =>
  actor({ networks: new Map([[id, { role, regionId: R1 }]]) });

test.each([
  [
    'the manager, signed in with the unit’s address in other letter case',
    true,
    actor({ email: 'mona.leder@helse-bergen.example' }),
  ],
  ['the leader of a network the unit belongs to', true, inNetwork(A, 'leader')],
  ['KORUS for the unit’s region', true, actor({ korusRegionIds: [R1] })],
  ['KORUS for every region', true, actor({ korusAll: true })],
  ['KORUS for another region', false, actor({ korusRegionIds: [R2] })],
  ['the leader of another network', false, inNetwork(B, 'leader')],
  ['the working group of the unit’s network', false, inNetwork(A, 'workingGroup')],
  ['a participant in the unit’s network', false, inNetwork(A, 'participant')],
  ['anyone else', false, actor({})],
])('%s may edit: %s', (_who, allowed, who) => {
  expect(canEditServiceProfile(who, unit)).toBe(allowed);
});

test('a unit without a manager address is kept by no one through an empty address', () => {
  expect(canEditServiceProfile(actor({ email: '' }), { ...unit, managerEmail: '' })).toBe(false);
});
