import fc from 'fast-check';
import { DateTime } from 'luxon';
import { blockedReason, norwegianPublicHolidays } from '../../src/planning/calendarRules';
import { checkYearPlan, proposeYearPlan, type PlanSettings } from '../../src/planning/planner';
import type { PlanGathering } from '../../src/gatherings/model';

// Random years 2025–2035, weekday sets, blocked periods, taken dates, "today" and past gatherings.
const scenario = fc
  .record({
    year: fc.integer({ min: 2025, max: 2035 }),
    count: fc.integer({ min: 1, max: 6 }),
    weekdays: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    blocks: fc.array(fc.record({ start: fc.integer({ min: 0, max: 364 }), length: fc.integer({ min: 0, max: 60 }) }), {
      maxLength: 4,
    }),
    taken: fc.array(fc.integer({ min: 0, max: 364 }), { maxLength: 25 }),
    // Half the time the year has not begun; otherwise "today" is somewhere in it.
    today: fc.option(fc.integer({ min: 0, max: 364 }), { nil: undefined }),
    pastCount: fc.integer({ min: 0, max: 3 }),
    otherFormat: fc.constantFrom('physical' as const, 'digital' as const, 'hybrid' as const),
    withFagdag: fc.boolean(),
  })
  .map((r) => {
    const first = DateTime.fromObject({ year: r.year, month: 1, day: 1 }, { zone: 'utc' });
    const day = (offset: number) => first.plus({ days: offset }).toISODate() as string;
    const today = r.today === undefined ? (first.minus({ days: 40 }).toISODate() as string) : day(r.today);
    const blockedPeriods = r.blocks.map((b) => ({ from: day(b.start), to: day(b.start + b.length) }));
    const settings: PlanSettings = {
      year: r.year,
      count: r.count,
      weekdays: r.weekdays,
      startTime: '12:00',
      endTime: '15:00',
      blockedPeriods,
      minPhysical: 2,
      otherFormat: r.otherFormat,
      withFagdag: r.withFagdag,
      minGapDays: 28,
    };
    // Gatherings that took place earlier this year, kept as they are.
    const existing: PlanGathering[] =
      r.today === undefined
        ? []
        : Array.from({ length: Math.min(r.pastCount, Math.floor(r.today / 40)) }, (_, i) => ({
            id: i + 1,
            date: day(i * 40),
            startTime: '09:00',
            endTime: '11:00',
            format: 'digital',
            kind: 'regular',
            venue: '',
            meetingUrl: 'https://x.example',
            hostUnitId: null,
            past: true,
          }));
    return { settings, context: { today, existing, takenDates: r.taken.map(day) } };
  });

/** Every date a new gathering could be on, found the slow way: the test's own oracle. */
function validDates(
  settings: PlanSettings,
  context: { today: string; existing: PlanGathering[]; takenDates: string[] },
): string[] {
  const holidays = norwegianPublicHolidays(settings.year);
  const dates: string[] = [];
  for (
    let d = DateTime.fromObject({ year: settings.year, month: 1, day: 1 }, { zone: 'utc' });
    d.year === settings.year;
    d = d.plus({ days: 1 })
  ) {
    const date = d.toISODate() as string;
    const ok =
      date > context.today &&
      settings.weekdays.includes(d.weekday) &&
      !holidays.has(date) &&
      !blockedReason(date, settings.blockedPeriods);
    if (ok && !context.takenDates.includes(date) && !context.existing.some((g) => g.date === date)) dates.push(date);
  }
  return dates;
}

const month = (date: string) => Number(date.slice(5, 7));
const dayOfMonth = (date: string) => Number(date.slice(8, 10));
const newOnes = (plan: PlanGathering[]) => plan.filter((g) => g.id === undefined);
const warnings = (plan: PlanGathering[], s: PlanSettings, takenDates: string[]) =>
  checkYearPlan(plan, {
    year: s.year,
    count: s.count,
    minPhysical: s.minPhysical,
    minGapDays: s.minGapDays,
    blockedPeriods: s.blockedPeriods,
    takenDates,
    hostsOnSameDay: [],
  });
const check = (plan: PlanGathering[], s: PlanSettings, takenDates: string[]) =>
  warnings(plan, s, takenDates).map((w) => w.code);

describe('year plan proposals (property tests)', () => {
  test('a new gathering never lands on a holiday, in July, the Christmas weeks, Easter week, a blocked period, a taken date or the past', () => {
    fc.assert(
      fc.property(scenario, ({ settings, context }) => {
        const holidays = norwegianPublicHolidays(settings.year);
        for (const g of newOnes(proposeYearPlan(settings, context))) {
          expect(holidays.has(g.date)).toBe(false);
          expect(month(g.date)).not.toBe(7);
          expect(
            (month(g.date) === 12 && dayOfMonth(g.date) >= 20) || (month(g.date) === 1 && dayOfMonth(g.date) <= 3),
          ).toBe(false);
          expect(blockedReason(g.date, settings.blockedPeriods)).toBeUndefined(); // also Easter week
          expect(context.takenDates).not.toContain(g.date);
          expect(g.date > context.today).toBe(true);
          expect(Number(g.date.slice(0, 4))).toBe(settings.year);
          expect(settings.weekdays).toContain(DateTime.fromISO(g.date).weekday);
        }
      }),
      { numRuns: 100 },
    );
  });

  test('the plan has `count` gatherings whenever there are enough valid dates, and never more', () => {
    fc.assert(
      fc.property(scenario, ({ settings, context }) => {
        const plan = proposeYearPlan(settings, context);
        const need = Math.max(0, settings.count - context.existing.length);
        expect(newOnes(plan)).toHaveLength(Math.min(need, validDates(settings, context).length));
        expect(new Set(plan.map((g) => g.date)).size).toBe(plan.length);
      }),
      { numRuns: 100 },
    );
  });

  test('the checks find no holiday, blocked period, sector clash, second fagdag or date outside the year in a proposal', () => {
    fc.assert(
      fc.property(scenario, ({ settings, context }) => {
        const plan = proposeYearPlan(settings, context);
        // Past gatherings are what they were; only the year-wide rules and the new ones count here.
        const codes = warnings(plan, settings, context.takenDates)
          .filter((w) => w.index === undefined || (plan[w.index] as PlanGathering).id === undefined)
          .map((w) => w.code);
        for (const code of ['onHoliday', 'inBlockedPeriod', 'sectorClash', 'tooManyFagdag', 'outsideYear'] as const)
          expect(codes).not.toContain(code);
        // Enough new gatherings to make up the minimum means enough physical ones.
        const missing = settings.minPhysical - context.existing.filter((g) => g.format !== 'digital').length;
        if (newOnes(plan).length >= missing) expect(codes).not.toContain('tooFewPhysical');
        if (settings.withFagdag && newOnes(plan).length > 0)
          expect(plan.filter((g) => g.kind === 'fagdag')).toHaveLength(1);
        if (!settings.withFagdag) expect(plan.filter((g) => g.kind === 'fagdag')).toHaveLength(0);
      }),
      { numRuns: 100 },
    );
  });

  test('past gatherings are kept unchanged, the plan is sorted by date, and the same input gives the same plan', () => {
    fc.assert(
      fc.property(scenario, ({ settings, context }) => {
        const before = structuredClone(context.existing);
        const plan = proposeYearPlan(settings, context);
        expect(context.existing).toEqual(before);
        for (const g of context.existing) expect(plan).toContain(g);
        expect(plan.map((g) => g.date)).toEqual([...plan.map((g) => g.date)].sort());
        expect(proposeYearPlan(settings, context)).toEqual(plan);
      }),
      { numRuns: 60 },
    );
  });

  test('a free year planned ahead gets one gathering a quarter, at least four weeks apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2025, max: 2035 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
        (year, weekdays) => {
          const s: PlanSettings = {
            year,
            count: 4,
            weekdays,
            startTime: '12:00',
            endTime: '15:00',
            blockedPeriods: [],
            minPhysical: 2,
            otherFormat: 'digital',
            withFagdag: true,
            minGapDays: 28,
          };
          const plan = proposeYearPlan(s, { today: `${s.year - 1}-11-01`, existing: [], takenDates: [] });
          expect(plan.map((g) => Math.floor((month(g.date) - 1) / 3))).toEqual([0, 1, 2, 3]);
          const days = plan
            .slice(1)
            .map((g, i) => DateTime.fromISO(g.date).diff(DateTime.fromISO(plan[i]?.date as string), 'days').days);
          for (const gap of days) expect(gap).toBeGreaterThanOrEqual(s.minGapDays);
          expect(check(plan, s, []).filter((c) => c !== 'physicalNeedsVenue' && c !== 'digitalNeedsLink')).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});
