import { hasStarted, isPastDay } from '../../src/kernel/dates';

test('a gathering has started from its first minute on', () => {
  const gathering = { startsAt: new Date('2027-03-11T09:00:00Z') };
  expect(hasStarted(gathering, new Date('2027-03-11T08:59:59Z'))).toBe(false);
  expect(hasStarted(gathering, new Date('2027-03-11T09:00:00Z'))).toBe(true);
});

test("a gathering's day is Norway's day: half past midnight in Oslo is already the next day", () => {
  // 22:30 UTC on 28 March 2027 is 00:30 on 29 March in Oslo (UTC+2: summer time began that night).
  const gathering = { startsAt: new Date('2027-03-28T22:30:00Z') };
  expect(isPastDay(gathering, '2027-03-28')).toBe(false);
  expect(isPastDay(gathering, '2027-03-29')).toBe(true);
});
