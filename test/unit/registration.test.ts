import fc from 'fast-check';
import { deletionDate, pairAnswers, placesLeft, registrationState, statusForNew } from '../../src/registration/rules';
import { osloDate } from '../../src/kernel/dates';

const now = new Date('2027-03-01T10:00:00Z');
const later = (hours: number) => new Date(now.getTime() + hours * 3600_000);

test('registration is open until the deadline and never once the fagdag has begun, is closed or cancelled', () => {
  const base = { open: true, deadline: later(24), startsAt: later(48), status: 'planned' };
  expect(registrationState(base, now)).toBe('open');
  expect(registrationState({ ...base, deadline: later(-1) }, now)).toBe('deadlinePassed');
  // A deadline set after the start does not keep it open once the day has begun.
  expect(registrationState({ ...base, deadline: later(100), startsAt: later(-1) }, now)).toBe('deadlinePassed');
  expect(registrationState({ ...base, open: false }, now)).toBe('closed');
  expect(registrationState({ ...base, status: 'cancelled' }, now)).toBe('cancelled');
});

test('members who said yes and confirmed registrants share the places; a newcomer past them waits', () => {
  expect(placesLeft(3, { membersYes: 1, confirmed: 1 })).toBe(1);
  expect(statusForNew(placesLeft(3, { membersYes: 1, confirmed: 2 }))).toBe('waiting');
  // More members said yes than there are places: none left, never a negative count.
  expect(placesLeft(3, { membersYes: 5, confirmed: 0 })).toBe(0);
  fc.assert(
    fc.property(fc.nat(500), fc.nat(500), fc.integer({ min: 1, max: 500 }), (membersYes, confirmed, capacity) => {
      const left = placesLeft(capacity, { membersYes, confirmed });
      return left >= 0 && (left === 0 || membersYes + confirmed + left === capacity);
    }),
  );
});

test("outsiders' rows go the set months after the day, on the same day of the month in Norway (or the month's last)", () => {
  expect(osloDate(deletionDate(new Date('2027-03-04T14:00:00Z'), 6))).toBe('2027-09-04');
  expect(osloDate(deletionDate(new Date('2027-08-31T14:00:00Z'), 6))).toBe('2028-02-29');
  // Late in the evening in Oslo is already the next day in UTC's terms for summer time; the Oslo day counts.
  expect(osloDate(deletionDate(new Date('2027-05-31T22:30:00Z'), 1))).toBe('2027-07-01');
});

test('answers follow the questions, a missing one empty', () => {
  expect(pairAnswers(['Kost?', 'Tjeneste?'], ['Vegetar'])).toEqual([
    { question: 'Kost?', answer: 'Vegetar' },
    { question: 'Tjeneste?', answer: '' },
  ]);
});
