import fc from 'fast-check';
import { DateTime } from 'luxon';
import { clockTargets } from '../../scripts/test-clock';

// The clock check (scripts/test-clock.ts) is only as good as the moments it picks.
describe('the moved clocks of npm run test:clock', () => {
  const nows = fc
    .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .map((d) => DateTime.fromJSDate(d).toUTC());

  test('every moment lies ahead of now and is the day it claims to be in Oslo', () => {
    fc.assert(
      fc.property(nows, (now) => {
        const byName = Object.fromEntries(clockTargets(now).map((t) => [t.name, t.at.setZone('Europe/Oslo')]));
        for (const at of Object.values(byName)) expect(at > now).toBe(true);
        expect(byName.monday?.weekday).toBe(1);
        for (const name of ['dst-spring', 'dst-autumn']) {
          const at = byName[name]!;
          expect(at.weekday).toBe(7);
          // The clocks changed earlier that night.
          expect(at.startOf('day').offset).not.toBe(at.offset);
        }
        expect(byName['dst-spring']?.month).toBe(3);
        expect(byName['dst-autumn']?.month).toBe(10);
        expect(byName['new-year']?.toFormat('MM-dd HH:mm')).toBe('01-01 00:30');
        expect(byName['leap-day']?.toFormat('MM-dd HH:mm')).toBe('02-29 00:30');
      }),
    );
  });

  test('from Monday 30 November 2026', () => {
    const at = Object.fromEntries(
      clockTargets(DateTime.fromISO('2026-11-30T12:52:00Z')).map((t) => [t.name, t.at.toISO()]),
    );
    expect(at).toEqual({
      monday: '2026-12-07T08:00:00.000Z',
      'dst-spring': '2027-03-28T01:30:00.000Z',
      'dst-autumn': '2027-10-31T01:30:00.000Z',
      'new-year': '2026-12-31T23:30:00.000Z',
      'leap-day': '2028-02-28T23:30:00.000Z',
    });
  });
});
