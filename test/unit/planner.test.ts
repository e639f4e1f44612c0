import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import {
  blockedReason,
  easterSunday,
  norwegianHolidayNames,
  norwegianPublicHolidays,
} from '../../src/planning/calendarRules';
import {
  checkYearPlan,
  proposeYearPlan,
  yearParts,
  type PlanSettings,
  type PlanWarningCode,
} from '../../src/planning/planner';
import type { PlanGathering } from '../../src/gatherings/model';
import { toInstants } from '../../src/kernel/dates';

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
type CheckContext = Parameters<typeof checkYearPlan>[1];
const context = (overrides: Partial<CheckContext> = {}): CheckContext => ({
  year: 2027,
  count: 4,
  minPhysical: 2,
  minGapDays: 28,
  blockedPeriods: [],
  takenDates: [],
  hostsOnSameDay: [],
  ...overrides,
});
const check = (plan: PlanGathering[], overrides: Partial<CheckContext> = {}) => checkYearPlan(plan, context(overrides));
const codes = (plan: PlanGathering[], overrides: Partial<CheckContext> = {}) =>
  check(plan, overrides).map((w) => w.code);
const warning = (plan: PlanGathering[], code: PlanWarningCode, overrides: Partial<CheckContext> = {}) =>
  check(plan, overrides).find((w) => w.code === code);
const weekday = (date: string) => DateTime.fromISO(date).weekday;
const quarter = (date: string) => Math.floor((Number(date.slice(5, 7)) - 1) / 3);
const gapsOf = (dates: string[]) =>
  dates.slice(1).map((date, i) => DateTime.fromISO(date).diff(DateTime.fromISO(dates[i] as string), 'days').days);
const fresh2027 = () => proposeYearPlan(settings(), { today: '2026-11-24', existing: [], takenDates: [] });

describe('calendar rules', () => {
  test('Easter Sunday is right for known years, and agrees with date-holidays 2025–2035', () => {
    expect(easterSunday(2026).toISODate()).toBe('2026-04-05');
    expect(easterSunday(2027).toISODate()).toBe('2027-03-28');
    expect(easterSunday(2038).toISODate()).toBe('2038-04-25');
    const norway = new Holidays('NO');
    for (let year = 2025; year <= 2035; year += 1) {
      const easterMonday = norway
        .getHolidays(year)
        .find((h) => h.name === 'Andre påskedag')
        ?.date.slice(0, 10);
      expect(easterSunday(year).plus({ days: 1 }).toISODate()).toBe(easterMonday);
    }
  });

  test('public holidays come from date-holidays as a set of dates, with Norwegian names beside', () => {
    const holidays = norwegianPublicHolidays(2027);
    expect(holidays).toBeInstanceOf(Set);
    expect(holidays.size).toBe(11); // 12 public holidays, two of them on 17 May 2027
    expect(holidays.has('2027-03-25')).toBe(true); // Skjærtorsdag
    expect(holidays.has('2027-05-06')).toBe(true); // Kristi himmelfartsdag, a Thursday
    expect(holidays.has('2027-02-14')).toBe(false); // an observance, not a public holiday
    expect(holidays.has('2027-12-24')).toBe(false); // Christmas Eve is a bank holiday only
    expect(norwegianHolidayNames(2027).get('2027-05-17')).toBe('Grunnlovsdagen / Andre pinsedag');
    expect(norwegianHolidayNames(2026).get('2026-05-17')).toBe('Grunnlovsdagen');
  });

  test("the set handed out is the caller's own", () => {
    norwegianPublicHolidays(2027).clear();
    expect(norwegianPublicHolidays(2027).has('2027-01-01')).toBe(true);
  });

  test("July, the Christmas weeks, Easter week and a network's own periods are blocked, edges included", () => {
    expect(blockedReason('2027-07-01', [])).toBe('july');
    expect(blockedReason('2027-07-31', [])).toBe('july');
    expect(blockedReason('2027-12-20', [])).toBe('christmas');
    expect(blockedReason('2027-01-03', [])).toBe('christmas');
    expect(blockedReason('2027-03-21', [])).toBe('easter'); // Palm Sunday
    expect(blockedReason('2027-03-29', [])).toBe('easter'); // Easter Monday
    expect(blockedReason('2027-02-24', [{ from: '2027-02-22', to: '2027-02-26' }])).toBe('custom');
    expect(blockedReason('2027-02-26', [{ from: '2027-02-22', to: '2027-02-26' }])).toBe('custom');
    for (const free of [
      '2027-06-30',
      '2027-08-01',
      '2027-12-19',
      '2027-01-04',
      '2027-03-20',
      '2027-03-30',
      '2027-02-27',
    ]) {
      expect(blockedReason(free, [{ from: '2027-02-22', to: '2027-02-26' }])).toBeUndefined();
    }
  });

  test('four parts of a year are its calendar quarters, each aimed at its middle', () => {
    expect(yearParts(2027, 4)).toEqual([
      { from: '2027-01-01', to: '2027-03-31', target: '2027-02-15' },
      { from: '2027-04-01', to: '2027-06-30', target: '2027-05-16' },
      { from: '2027-07-01', to: '2027-09-30', target: '2027-08-16' },
      { from: '2027-10-01', to: '2027-12-31', target: '2027-11-16' },
    ]);
    expect(yearParts(2027, 5).at(-1)?.to).toBe('2027-12-31');
  });
});

describe('proposing a year', () => {
  test('2027 on Thursdays: four dates, one a quarter, well apart, off holidays and blocked weeks', () => {
    const plan = fresh2027();
    expect(plan.map((g) => g.date)).toEqual(['2027-02-18', '2027-05-13', '2027-08-19', '2027-11-18']);
    for (const g of plan) {
      expect(weekday(g.date)).toBe(4);
      expect(norwegianPublicHolidays(2027).has(g.date)).toBe(false);
      expect(blockedReason(g.date, [])).toBeUndefined();
      expect(g).toMatchObject({ startTime: '12:00', endTime: '15:00', kind: 'regular', hostUnitId: null });
    }
    expect(plan.map((g) => quarter(g.date))).toEqual([0, 1, 2, 3]);
    for (const gap of gapsOf(plan.map((g) => g.date))) expect(gap).toBeGreaterThanOrEqual(28);
  });

  test('the spring and autumn gatherings are the physical ones; the others take the other format', () => {
    const plan = fresh2027();
    expect(plan.map((g) => g.format)).toEqual(['digital', 'physical', 'digital', 'physical']);
    expect(
      proposeYearPlan(settings({ otherFormat: 'hybrid' }), { today: '2026-11-24', existing: [], takenDates: [] }).map(
        (g) => g.format,
      ),
    ).toEqual(['hybrid', 'physical', 'hybrid', 'physical']);
    expect(codes(plan.map((g) => ({ ...g, venue: 'x', meetingUrl: 'https://x.example' })))).toEqual([]);
  });

  test('Skjærtorsdag and Kristi himmelfartsdag 2027 are passed over even when nothing else is near', () => {
    // Leaves Thursday 6 May (Ascension) as the only Thursday of the spring quarter outside a blocked period.
    const blockedPeriods = [
      { from: '2027-04-01', to: '2027-05-05' },
      { from: '2027-05-07', to: '2027-06-30' },
    ];
    const plan = proposeYearPlan(settings({ blockedPeriods }), { today: '2026-11-24', existing: [], takenDates: [] });
    expect(plan).toHaveLength(4);
    expect(plan.map((g) => g.date)).not.toContain('2027-05-06');
    expect(plan.map((g) => g.date)).not.toContain('2027-03-25');
    for (const g of plan) expect(blockedReason(g.date, blockedPeriods)).toBeUndefined();
  });

  test('a quarter without a valid date is shifted to the nearest valid date, and the checks say what is wrong', () => {
    const blockedPeriods = [{ from: '2027-08-01', to: '2027-09-30' }];
    const plan = proposeYearPlan(settings({ blockedPeriods }), { today: '2026-11-24', existing: [], takenDates: [] });
    expect(plan).toHaveLength(4);
    expect(plan.some((g) => quarter(g.date) === 2)).toBe(false);
    expect(() => check(plan, { blockedPeriods })).not.toThrow();
  });

  test('no valid date at all gives fewer gatherings, not an error', () => {
    const plan = proposeYearPlan(settings({ weekdays: [] }), { today: '2026-11-24', existing: [], takenDates: [] });
    expect(plan).toEqual([]);
    expect(codes(plan)).toEqual(['tooFewPhysical', 'fewerThanCount']);
  });

  test('a fagdag is marked once, in the autumn, in person; none when the year has one', () => {
    const plan = proposeYearPlan(settings({ withFagdag: true }), { today: '2026-11-24', existing: [], takenDates: [] });
    const fagdager = plan.filter((g) => g.kind === 'fagdag');
    expect(fagdager).toHaveLength(1);
    expect(fagdager[0]?.date).toBe('2027-11-18');
    expect(fagdager[0]?.format).toBe('physical');
    const existing = [gathering('2027-02-11', { id: 1, kind: 'fagdag', past: true })];
    expect(
      proposeYearPlan(settings({ withFagdag: true }), { today: '2027-03-01', existing, takenDates: [] }).filter(
        (g) => g.kind === 'fagdag',
      ),
    ).toHaveLength(1);
  });

  test('past gatherings are kept as they are, and only the rest of the year is filled', () => {
    const pastOnes = [
      gathering('2027-02-11', { id: 7, format: 'digital', past: true }),
      gathering('2027-04-15', { id: 8, format: 'digital', past: true }),
    ];
    const snapshot = structuredClone(pastOnes);
    const plan = proposeYearPlan(settings(), { today: '2027-06-01', existing: pastOnes, takenDates: [] });
    expect(plan).toHaveLength(4);
    expect(plan[0]).toBe(pastOnes[0]);
    expect(plan[1]).toBe(pastOnes[1]);
    expect(pastOnes).toEqual(snapshot);
    expect(plan.slice(2).every((g) => g.date > '2027-06-01' && g.id === undefined)).toBe(true);
    // Both past ones were digital, so both new ones are physical.
    expect(plan.slice(2).map((g) => g.format)).toEqual(['physical', 'physical']);
  });

  test('nothing is proposed on or before today', () => {
    const plan = proposeYearPlan(settings(), { today: '2027-08-19', existing: [], takenDates: [] });
    expect(plan.every((g) => g.date > '2027-08-19')).toBe(true);
    expect(proposeYearPlan(settings(), { today: '2027-12-31', existing: [], takenDates: [] })).toEqual([]);
  });

  test('dates other networks in the sector use are avoided', () => {
    const first = fresh2027();
    const second = proposeYearPlan(settings(), {
      today: '2026-11-24',
      existing: [],
      takenDates: first.map((g) => g.date),
    });
    expect(second).toHaveLength(4);
    expect(second.filter((g) => first.some((f) => f.date === g.date))).toEqual([]);
  });

  test('six a year gives one every two months; the same input gives the same plan', () => {
    const plan = proposeYearPlan(settings({ count: 6 }), { today: '2026-11-24', existing: [], takenDates: [] });
    expect(plan.map((g) => Math.floor((Number(g.date.slice(5, 7)) - 1) / 2))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(proposeYearPlan(settings({ count: 6 }), { today: '2026-11-24', existing: [], takenDates: [] })).toEqual(
      plan,
    );
  });
});

describe('checking a plan', () => {
  const good = () => [
    gathering('2027-02-11'),
    gathering('2027-05-27', { format: 'digital' }),
    gathering('2027-09-09'),
    gathering('2027-11-18', { format: 'digital' }),
  ];

  test('a good plan has no warnings', () => expect(codes(good())).toEqual([]));
  test('tooFewPhysical: fewer than two with people in the room', () => {
    expect(
      warning(
        good().map((g, i) => (i === 0 ? { ...g, format: 'digital' as const } : g)),
        'tooFewPhysical',
      ),
    ).toEqual({ code: 'tooFewPhysical', params: { count: 1, minimum: 2 } });
  });
  test('a hybrid gathering counts as physical attendance, and needs both venue and link', () => {
    const plan = good().map((g, i) => (i === 0 ? { ...g, format: 'hybrid' as const } : g));
    expect(codes(plan)).toEqual([]);
    expect(codes(plan.map((g, i) => (i === 0 ? { ...g, venue: '', meetingUrl: ' ' } : g)))).toEqual([
      'physicalNeedsVenue',
      'digitalNeedsLink',
    ]);
  });
  test('tooManyFagdag: more than one fagdag', () => {
    expect(codes(good().map((g, i) => (i === 2 ? { ...g, kind: 'fagdag' as const } : g)))).toEqual([]);
    expect(
      warning(
        good().map((g) => ({ ...g, kind: 'fagdag' as const })),
        'tooManyFagdag',
      ),
    ).toEqual({ code: 'tooManyFagdag', params: { count: 4 } });
  });
  test('tooClose: two gatherings closer than four weeks, on the earlier one, with the days', () => {
    const warnings = check([gathering('2027-03-04'), gathering('2027-02-11')], { count: 2 });
    expect(warnings).toEqual([
      { code: 'tooClose', index: 1, params: { date: '2027-02-11', nextDate: '2027-03-04', days: 21, minimum: 28 } },
    ]);
    expect(codes([gathering('2027-02-11'), gathering('2027-03-11')], { count: 2 })).toEqual([]);
  });
  test("onHoliday: with the holiday's Norwegian name", () => {
    expect(warning([...good(), gathering('2027-05-06')], 'onHoliday')).toEqual({
      code: 'onHoliday',
      index: 4,
      params: { date: '2027-05-06', holiday: 'Kristi himmelfartsdag' },
    });
    // Skjærtorsdag is also in Easter week: reported once, as the holiday.
    expect(
      codes([...good(), gathering('2027-03-25')]).filter((c) => c === 'onHoliday' || c === 'inBlockedPeriod'),
    ).toEqual(['onHoliday']);
  });
  test.each([
    ['2027-07-08', 'july'],
    ['2027-12-21', 'christmas'],
    ['2027-03-23', 'easter'],
    ['2027-10-07', 'custom'],
  ])('inBlockedPeriod: %s is in the %s period', (date, period) => {
    const blockedPeriods = [{ from: '2027-10-04', to: '2027-10-08' }];
    expect(warning([...good(), gathering(date)], 'inBlockedPeriod', { blockedPeriods })?.params).toEqual({
      date,
      period,
    });
  });
  test('sectorClash: on a date another network in the sector uses', () => {
    expect(warning(good(), 'sectorClash', { takenDates: ['2027-09-09'] })).toEqual({
      code: 'sectorClash',
      index: 2,
      params: { date: '2027-09-09' },
    });
  });
  test('hostTwiceSameDay: a unit hosting two gatherings on one day, here or in another network', () => {
    const hosted = good().map((g) => ({ ...g, hostUnitId: 5 }));
    expect(warning(hosted, 'hostTwiceSameDay', { hostsOnSameDay: [{ date: '2027-09-09', unitId: 5 }] })).toEqual({
      code: 'hostTwiceSameDay',
      index: 2,
      params: { date: '2027-09-09', unitId: 5 },
    });
    expect(codes(hosted, { hostsOnSameDay: [{ date: '2027-09-09', unitId: 6 }] })).not.toContain('hostTwiceSameDay');
    const twice = [...good(), gathering('2027-09-09', { startTime: '16:00', endTime: '18:00' })].map((g) => ({
      ...g,
      hostUnitId: 5,
    }));
    expect(codes(twice).filter((c) => c === 'hostTwiceSameDay')).toHaveLength(2);
  });
  test('hostAlsoPresents: one unit both hosting and presenting at a gathering with a room', () => {
    const plan = good().map((g, i) => ({ ...g, hostUnitId: 5, presenterUnitIds: i === 2 ? [5, 7] : [7] }));
    expect(warning(plan, 'hostAlsoPresents')).toEqual({
      code: 'hostAlsoPresents',
      index: 2,
      params: { date: '2027-09-09' },
    });
    expect(codes(plan).filter((c) => c === 'hostAlsoPresents')).toHaveLength(1);
    // Digital: no venue, so nobody hosts.
    expect(codes(plan.map((g) => ({ ...g, format: 'digital' as const, meetingUrl: 'https://m' })))).not.toContain(
      'hostAlsoPresents',
    );
  });
  test('physicalNeedsVenue and digitalNeedsLink, but not for gatherings that have taken place', () => {
    expect(
      warning(
        good().map((g) => ({ ...g, venue: '' })),
        'physicalNeedsVenue',
      ),
    ).toEqual({ code: 'physicalNeedsVenue', index: 0, params: { date: '2027-02-11' } });
    expect(
      warning(
        good().map((g) => ({ ...g, meetingUrl: '' })),
        'digitalNeedsLink',
      ),
    ).toEqual({ code: 'digitalNeedsLink', index: 1, params: { date: '2027-05-27' } });
    expect(codes(good().map((g) => ({ ...g, venue: '', meetingUrl: '', past: true })))).toEqual([]);
  });
  test('endBeforeStart: the end at or before the start', () => {
    expect(
      warning([...good().slice(1), gathering('2027-02-11', { endTime: '11:00' })], 'endBeforeStart')?.params,
    ).toEqual({ date: '2027-02-11', startTime: '12:00', endTime: '11:00' });
    expect(codes([...good().slice(1), gathering('2027-02-11', { endTime: '12:00' })])).toContain('endBeforeStart');
    expect(codes([...good().slice(1), gathering('2027-02-11', { startTime: '9:00', endTime: '10:30' })])).toEqual([]);
  });
  test('outsideYear: a date in another year', () => {
    expect(warning([...good().slice(1), gathering('2028-02-10')], 'outsideYear')).toEqual({
      code: 'outsideYear',
      index: 3,
      params: { date: '2028-02-10', year: 2027 },
    });
  });
  test('fewerThanCount: fewer gatherings than the network should have', () => {
    expect(warning(good().slice(1), 'fewerThanCount')).toEqual({
      code: 'fewerThanCount',
      params: { count: 4, actual: 3 },
    });
  });
});

describe('time zones', () => {
  // Thursdays just before and after the last Sundays of March (28th) and October (31st) 2027.
  test.each([
    ['2027-03-25', '11:00', '14:00'],
    ['2027-04-01', '10:00', '13:00'],
    ['2027-10-28', '10:00', '13:00'],
    ['2027-11-04', '11:00', '14:00'],
  ])('12:00–15:00 in Oslo on %s is %s–%s UTC', (date, start, end) => {
    const { startsAt, endsAt } = toInstants({ date, startTime: '12:00', endTime: '15:00' });
    expect(startsAt.toISOString()).toBe(`${date}T${start}:00.000Z`);
    expect(endsAt.toISOString()).toBe(`${date}T${end}:00.000Z`);
  });
});
