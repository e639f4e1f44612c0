import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  currentYearInOslo,
  formatDate,
  formatDateTime,
  formatTime,
  formatWeekdayDate,
  TIME_ZONE,
  todayInOslo,
} from '../../src/kernel/dates';

// The page formatters and today's date use cached Intl formatters (luxon worked out the zone offset for every value,
// the largest cost of rendering a page). Luxon's formatting is the reference they must equal, for
// any instant from 1990 to 2100 (daylight saving changes included) and any calendar date.

const reference = {
  date: (d: DateTime, language: 'nb' | 'nn') =>
    d.setLocale(language === 'nn' ? 'nn-NO' : 'nb-NO').toFormat('d. MMMM yyyy'),
  weekdayDate: (d: DateTime, language: 'nb' | 'nn') =>
    d.setLocale(language === 'nn' ? 'nn-NO' : 'nb-NO').toFormat('cccc d. MMMM yyyy'),
  time: (d: DateTime) => d.toFormat('HH:mm'),
  dateTime: (d: DateTime) => d.toFormat("dd.MM.yyyy 'kl.' HH:mm"),
};
const instants = fc.date({
  min: new Date('1990-01-01T00:00:00Z'),
  max: new Date('2100-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const language = fc.constantFrom('nb' as const, 'nn' as const);

test('dates and times read as luxon wrote them, in Norway, in both languages', () => {
  fc.assert(
    fc.property(instants, language, (instant, lang) => {
      const d = DateTime.fromJSDate(instant, { zone: TIME_ZONE });
      expect(formatDate(instant, lang)).toBe(reference.date(d, lang));
      expect(formatWeekdayDate(instant, lang)).toBe(reference.weekdayDate(d, lang));
      expect(formatTime(instant)).toBe(reference.time(d));
      expect(formatDateTime(instant)).toBe(reference.dateTime(d));
      expect(formatDateTime(instant.toISOString())).toBe(reference.dateTime(d));
      expect(todayInOslo(instant)).toBe(d.toISODate());
      expect(currentYearInOslo(instant)).toBe(d.year);
    }),
    { numRuns: 2000 },
  );
});

test("each call gets its own instant's date, even calls moments apart on either side of midnight in Norway", () => {
  const midnights = fc
    .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
    .map((day) => DateTime.fromJSDate(day, { zone: TIME_ZONE }).startOf('day').toMillis());
  const nearBy = fc.array(fc.integer({ min: -90_000, max: 90_000 }), { minLength: 2, maxLength: 20 });
  fc.assert(
    fc.property(midnights, nearBy, (midnight, offsets) => {
      for (const offset of offsets) {
        const instant = new Date(midnight + offset);
        expect(todayInOslo(instant)).toBe(DateTime.fromJSDate(instant, { zone: TIME_ZONE }).toISODate());
      }
    }),
    { numRuns: 500 },
  );
});

test('a bare calendar date is that day in Norway', () => {
  fc.assert(
    fc.property(instants, language, (instant, lang) => {
      const day = DateTime.fromJSDate(instant, { zone: TIME_ZONE }).toISODate() as string;
      const d = DateTime.fromISO(day, { zone: TIME_ZONE });
      expect(formatDate(day, lang)).toBe(reference.date(d, lang));
      expect(formatWeekdayDate(day, lang)).toBe(reference.weekdayDate(d, lang));
    }),
    { numRuns: 1000 },
  );
});

test('the night the clocks go back shows the same wall time twice, and each is right', () => {
  // 27 October 2024: 03:00 summer time became 02:00 winter time.
  expect(formatTime(new Date('2024-10-27T00:30:00Z'))).toBe('02:30');
  expect(formatTime(new Date('2024-10-27T01:30:00Z'))).toBe('02:30');
  expect(formatDateTime(new Date('2026-11-24T13:05:00Z'))).toBe('24.11.2026 kl. 14:05');
  expect(formatWeekdayDate('2026-03-12', 'nb')).toBe('torsdag 12. mars 2026');
});
