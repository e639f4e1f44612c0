import fc from 'fast-check';
import { missingFromWorkingGroup } from '../../src/networks/composition';
import { CORE_SERVICES } from '../../src/units/serviceTypes';

test('the working group lacks the core services nobody in it (leader included) comes from', () => {
  expect(
    missingFromWorkingGroup([
      { role: 'leader', serviceType: 'mentalHealth' },
      { role: 'workingGroup', serviceType: 'municipal' },
      { role: 'participant', serviceType: 'addiction' },
    ]),
  ).toEqual(['addiction']);
  expect(missingFromWorkingGroup([])).toEqual([...CORE_SERVICES]);
});

test('property: adding a participant never changes what the working group lacks; adding it to the group removes that service', () => {
  const service = fc.constantFrom('municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other');
  const role = fc.constantFrom('leader', 'workingGroup', 'participant') as fc.Arbitrary<
    'leader' | 'workingGroup' | 'participant'
  >;
  fc.assert(
    fc.property(fc.array(fc.record({ role, serviceType: service })), service, (members, extra) => {
      const before = missingFromWorkingGroup(members);
      expect(missingFromWorkingGroup([...members, { role: 'participant', serviceType: extra }])).toEqual(before);
      const after = missingFromWorkingGroup([...members, { role: 'workingGroup', serviceType: extra }]);
      expect(after).toEqual(before.filter((s) => s !== extra));
    }),
  );
});
