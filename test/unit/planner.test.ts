import fc from 'fast-check';
import { DateTime } from 'luxon';
import { blockedReason, easterSunday, norwegianPublicHolidays } from '../../src/planning/calendarRules';
import { checkYearPlan, proposeYearPlan, toInstants, type PlanGathering, type PlanSettings } from '../../src/planning/planner';

const settings = (overrides: Partial<PlanSettings> = {}): PlanSettings => ({
  year: 2027,
  count: 4,
  weekdays: [4],
  startTime: '12:00',
  endTime: '15:00',
  blockedPeriods: [],
  minPhysical: 2,
  otherFormat: 'digital',
  withFagdag: false,
  minGapDays: 28,
  ...overrides,
});
const gathering = (date: string, overrides: Partial<PlanGathering> = {}): PlanGathering => ({
  date,
  startTime: '12:00',
  endTime: '15:00',
  format: 'physical',
  kind: 'regular',
  venue: 'Solli DPS',
  meetingUrl: 'https://teams.example/x',
  hostUnitId: null,
  ...overrides,
});
const context = (plan: PlanGathering[], overrides = {}) => ({ year: 2027, count: 4, minPhysical: 2, minGapDays: 28, blockedPeriods: [], takenDates: [], hostsOnSameDay: [], ...overrides });
const codes = (plan: PlanGathering[], overrides = {}) => checkYearPlan(plan, context(plan, overrides)).map((w) => w.code);

describe('calendar rules', () => {
  test('Easter Sunday is right for known years', () => {
    expect(easterSunday(2026).toISODate()).toBe('2026-04-05');
    expect(easterSunday(2027).toISODate()).toBe('2027-03-28');
    expect(easterSunday(2038).toISODate()).toBe('2038-04-25');
  });
  test('public holidays come from date-holidays, with their Norwegian names', () => {
    const holidays = norwegianPublicHolidays(2027);
    expect(holidays.get('2027-05-17')).toBe('Grunnlovsdagen / Andre pinsedag');
    expect(norwegianPublicHolidays(2026).get('2026-05-17')).toBe('Grunnlovsdagen');
    expect(holidays.has('2027-03-25')).toBe(true); // Skjærtorsdag
    expect(holidays.has('2027-05-06')).toBe(true); // Kristi himmelfartsdag, a Thursday
    expect(holidays.has('2027-02-14')).toBe(false); // an observance, not a public holiday
  });
  test('July, the Christmas weeks, Easter week and a network\'s own periods are blocked', () => {
    expect(blockedReason('2027-07-15', [])).toBe('july');
    expect(blockedReason('2027-12-21', [])).toBe('christmas');
    expect(blockedReason('2027-01-02', [])).toBe('christmas');
    expect(blockedReason('2027-03-22', [])).toBe('easter');
    expect(blockedReason('2027-02-24', [{ from: '2027-02-22', to: '2027-02-26' }])).toBe('custom');
    expect(blockedReason('2027-08-19', [])).toBeUndefined();
  });
});

describe('proposing a year', () => {
  test('four Thursdays, one a quarter, well apart, two physical, off holidays', () => {
    const plan = proposeYearPlan(settings(), { today: '2026-11-24', existing: [], takenDates: [] });
    expect(plan).toHaveLength(4);
    for (const g of plan) expect(DateTime.fromISO(g.date).weekday).toBe(4);
    expect(plan.map((g) => Math.floor((Number(g.date.slice(5, 7)) - 1) / 3))).toEqual([0, 1, 2, 3]);
    expect(plan.filter((g) => g.format === 'physical').length).toBeGreaterThanOrEqual(2);
    expect(codes(plan.map((g) => ({ ...g, venue: 'x', meetingUrl: 'https://x.example' })))).toEqual([]);
  });

  test('a fagdag is marked once, in the autumn, in person', () => {
    const plan = proposeYearPlan(settings({ withFagdag: true }), { today: '2026-11-24', existing: [], takenDates: [] });
    const fagdager = plan.filter((g) => g.kind === 'fagdag');
    expect(fagdager).toHaveLength(1);
    expect(Number(fagdager[0]?.date.slice(5, 7))).toBeGreaterThanOrEqual(9);
    expect(fagdager[0]?.format).toBe('physical');
  });

  test('past gatherings are kept as they are, and only the rest of the year is filled', () => {
    const past = gathering('2027-02-11', { id: 7, format: 'digital', past: true });
    const plan = proposeYearPlan(settings(), { today: '2027-06-01', existing: [past], takenDates: [] });
    expect(plan[0]).toBe(past);
    expect(plan.slice(1).every((g) => g.date > '2027-06-01')).toBe(true);
    expect(plan.filter((g) => g.format !== 'digital').length).toBeGreaterThanOrEqual(2);
  });

  test('dates other networks in the sector use are avoided', () => {
    const first = proposeYearPlan(settings(), { today: '2026-11-24', existing: [], takenDates: [] });
    const second = proposeYearPlan(settings(), { today: '2026-11-24', existing: [], takenDates: first.map((g) => g.date) });
    expect(second.filter((g) => first.some((f) => f.date === g.date))).toEqual([]);
  });

  test('property: a proposal never lands on a holiday, a blocked or taken date, or in the past', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2025, max: 2035 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 10 })), { maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 364 }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 120 }),
        (year, weekdays, blocks, takenOffsets, todayOffset) => {
          const startOfYear = DateTime.fromObject({ year, month: 1, day: 1 });
          const blockedPeriods = blocks.map(([month, day, length]) => {
            const from = DateTime.fromObject({ year, month, day });
            return { from: from.toISODate() as string, to: from.plus({ days: length }).toISODate() as string };
          });
          const takenDates = takenOffsets.map((d) => startOfYear.plus({ days: d }).toISODate() as string);
          const today = startOfYear.minus({ days: 1 }).plus({ days: todayOffset }).toISODate() as string;
          const s = settings({ year, weekdays, blockedPeriods });
          const plan = proposeYearPlan(s, { today, existing: [], takenDates });
          const holidays = norwegianPublicHolidays(year);
          for (const g of plan) {
            expect(holidays.has(g.date)).toBe(false);
            expect(blockedReason(g.date, blockedPeriods)).toBeUndefined();
            expect(takenDates).not.toContain(g.date);
            expect(g.date > today).toBe(true);
            expect(weekdays).toContain(DateTime.fromISO(g.date).weekday);
          }
          expect(plan.length).toBeLessThanOrEqual(4);
          if (todayOffset === 0) expect(plan).toHaveLength(4);
          const warnings = checkYearPlan(plan, context(plan, { year, blockedPeriods, takenDates })).map((w) => w.code);
          for (const code of ['onHoliday', 'inBlockedPeriod', 'sectorClash', 'tooManyFagdag', 'outsideYear'] as const) expect(warnings).not.toContain(code);
          if (plan.length >= 2) expect(warnings).not.toContain('tooFewPhysical');
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe('checking a plan', () => {
  const good = () => [gathering('2027-02-11'), gathering('2027-05-27', { format: 'digital' }), gathering('2027-09-09'), gathering('2027-11-18', { format: 'digital' })];

  test('a good plan has no warnings', () => expect(codes(good())).toEqual([]));
  test('fewer than two physical', () => expect(codes(good().map((g, i) => (i === 0 ? { ...g, format: 'digital' as const } : g)))).toContain('tooFewPhysical'));
  test('a hybrid gathering counts as physical attendance', () => expect(codes(good().map((g, i) => (i === 0 ? { ...g, format: 'hybrid' as const } : g)))).not.toContain('tooFewPhysical'));
  test('more than one fagdag', () => expect(codes(good().map((g) => ({ ...g, kind: 'fagdag' as const })))).toContain('tooManyFagdag'));
  test('two gatherings closer than four weeks, with the days', () => {
    const warnings = checkYearPlan([gathering('2027-02-11'), gathering('2027-03-04')], context([], { count: 2 }));
    expect(warnings.find((w) => w.code === 'tooClose')).toEqual({ code: 'tooClose', index: 0, params: { date: '2027-02-11', days: 21 } });
  });
  test('on a holiday, with its name', () => {
    const warnings = checkYearPlan([...good(), gathering('2027-05-06')], context([]));
    expect(warnings.find((w) => w.code === 'onHoliday')?.params).toEqual({ date: '2027-05-06', holiday: 'Kristi himmelfartsdag' });
  });
  test('in a blocked period', () => expect(codes([...good(), gathering('2027-07-08')])).toContain('inBlockedPeriod'));
  test('on a date another network in the sector uses', () => expect(codes(good(), { takenDates: ['2027-09-09'] })).toContain('sectorClash'));
  test('a unit hosting two gatherings on one day', () => {
    expect(codes(good().map((g) => ({ ...g, hostUnitId: 5 })), { hostsOnSameDay: [{ date: '2027-09-09', unitId: 5 }] })).toContain('hostTwiceSameDay');
    expect(codes(good().map((g) => ({ ...g, hostUnitId: 5 })), { hostsOnSameDay: [{ date: '2027-09-09', unitId: 6 }] })).not.toContain('hostTwiceSameDay');
  });
  test('physical without venue, digital without link', () => {
    expect(codes(good().map((g) => ({ ...g, venue: '' })))).toContain('physicalNeedsVenue');
    expect(codes(good().map((g) => ({ ...g, meetingUrl: '' })))).toContain('digitalNeedsLink');
    expect(codes(good().map((g) => ({ ...g, venue: '', meetingUrl: '', past: true })))).toEqual([]);
  });
  test('end before start, outside the year, too few', () => {
    expect(codes([...good().slice(1), gathering('2027-02-11', { endTime: '11:00' })])).toContain('endBeforeStart');
    expect(codes([...good().slice(1), gathering('2028-02-10')])).toContain('outsideYear');
    expect(codes(good().slice(1))).toContain('fewerThanCount');
  });
});

describe('time zones', () => {
  // Thursdays just before and after the last Sundays of March and October 2027.
  test.each([
    ['2027-03-25', '11:00'],
    ['2027-04-01', '10:00'],
    ['2027-10-28', '10:00'],
    ['2027-11-04', '11:00'],
  ])('12:00 in Oslo on %s is %s UTC', (date, utc) => {
    expect(toInstants({ date, startTime: '12:00', endTime: '15:00' }).startsAt.toISOString()).toBe(`${date}T${utc}:00.000Z`);
  });
});
