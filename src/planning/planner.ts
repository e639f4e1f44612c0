import type { PlanGathering } from '../gatherings/model';
import type { Format } from '../gatherings/model';
import { DateTime } from 'luxon';
import { blockedReason, norwegianHolidayNames, norwegianPublicHolidays } from './calendarRules';

export { norwegianHolidayNames, norwegianPublicHolidays } from './calendarRules';

// The year plan: a proposal of the network's gatherings, and the seed's rules checked on any plan.
// Pure: no I/O and no clock; "today" is an input. Dates are Oslo calendar dates (YYYY-MM-DD).

export interface PlanSettings {
  year: number;
  /** Gatherings a year; the model says four (docs/domain.md) (a learning network also meets four times a year). */
  count: number;
  /** Preferred ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: number[];
  /** 'HH:mm', Oslo wall clock. */
  startTime: string;
  endTime: string;
  /** Inclusive YYYY-MM-DD ranges without gatherings, e.g. school holidays. */
  blockedPeriods: { from: string; to: string }[];
  /** docs/domain.md, rule 2: at least two with physical attendance. */
  minPhysical: number;
  /** The format of the gatherings that need not be physical. */
  otherFormat: Format;
  withFagdag: boolean;
  /** Four weeks: the least number of days between two gatherings. */
  minGapDays: number;
}

// Calendar dates are counted in UTC so that a DST change never makes a day 23 or 25 hours long.
const epochDay = (date: string) => Math.round(DateTime.fromISO(date, { zone: 'utc' }).toSeconds() / 86_400);
const daysBetween = (a: string, b: string) => epochDay(b) - epochDay(a);
const minutes = (time: string) => {
  const [hours, mins] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (mins ?? 0);
};
// Decision: a hybrid gathering has people in a room, so it counts as physical attendance
// (docs/domain.md, rule 2: at least two with physical attendance) and, like a physical one, needs a venue.
const hasRoom = (g: { format: Format }) => g.format !== 'digital';

/** Every date of the year a new gathering may fall on (sorted). */
function candidateDates(
  settings: PlanSettings,
  context: { today: string; takenDates: string[]; used: string[] },
): string[] {
  const holidays = norwegianPublicHolidays(settings.year);
  const taken = new Set([...context.takenDates, ...context.used]);
  const dates: string[] = [];
  for (
    let day = DateTime.fromObject({ year: settings.year, month: 1, day: 1 }, { zone: 'utc' });
    day.year === settings.year;
    day = day.plus({ days: 1 })
  ) {
    const date = day.toISODate() as string;
    if (date <= context.today || !settings.weekdays.includes(day.weekday)) continue;
    if (holidays.has(date) || blockedReason(date, settings.blockedPeriods) || taken.has(date)) continue;
    dates.push(date);
  }
  return dates;
}

/**
 * The year cut into `count` equal parts (calendar quarters for four), each with its middle as
 * the target: middles of equal parts are equally far apart, so the gaps come out as even as
 * the calendar allows, also across the turn of the year.
 */
export function yearParts(year: number, count: number): { from: string; to: string; target: string }[] {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: 'utc' });
  const parts = Math.max(1, Math.floor(count));
  return Array.from({ length: parts }, (_, i) => {
    // Whole months when they divide evenly (quarters, halves, …), days otherwise.
    const from =
      12 % parts === 0 ? start.plus({ months: (i * 12) / parts }) : start.plus({ days: Math.round((i * 365) / parts) });
    const next =
      12 % parts === 0
        ? start.plus({ months: ((i + 1) * 12) / parts })
        : i + 1 === parts
          ? start.plus({ years: 1 })
          : start.plus({ days: Math.round(((i + 1) * 365) / parts) });
    const days = next.diff(from, 'days').days;
    return {
      from: from.toISODate() as string,
      to: next.minus({ days: 1 }).toISODate() as string,
      target: from.plus({ days: Math.floor(days / 2) }).toISODate() as string,
    };
  });
}

/**
 * Proposes the year: keeps the gatherings already there (past or accepted) and adds new ones
 * until `count`, one in each part of the year that has none (one a quarter for four), on the
 * date nearest the middle of that part that breaks no rule and keeps the gap. A part with no
 * such date gets the nearest valid date anywhere (kept apart if possible); what is still wrong
 * is left for checkYearPlan to report.
 */
export function proposeYearPlan(
  settings: PlanSettings,
  context: { today: string; existing: PlanGathering[]; takenDates: string[] },
): PlanGathering[] {
  const chosen = context.existing.map((g) => g.date);
  const candidates = candidateDates(settings, { today: context.today, takenDates: context.takenDates, used: chosen });
  const need = Math.max(0, settings.count - context.existing.length);
  const fresh: string[] = [];
  // Day numbers looked up once: the search compares every candidate with every chosen date.
  const numbers = new Map<string, number>();
  const day = (date: string) => {
    const known = numbers.get(date);
    if (known !== undefined) return known;
    const number = epochDay(date);
    numbers.set(date, number);
    return number;
  };
  const distance = (a: string, b: string) => Math.abs(day(a) - day(b));
  const free = () => candidates.filter((date) => !chosen.includes(date));
  const apart = (date: string) => chosen.every((other) => distance(date, other) >= settings.minGapDays);
  const nearest = (pool: string[], target: string) =>
    pool.reduce<string | undefined>(
      (best, date) => (best === undefined || distance(target, date) < distance(target, best) ? date : best),
      undefined,
    );
  const add = (date: string) => {
    chosen.push(date);
    fresh.push(date);
  };

  const open = yearParts(settings.year, settings.count).filter(
    (part) => !chosen.some((date) => date >= part.from && date <= part.to),
  );
  const left: typeof open = [];
  for (const part of open) {
    if (fresh.length >= need) break;
    const best = nearest(
      free().filter((date) => date >= part.from && date <= part.to && apart(date)),
      part.target,
    );
    if (best) add(best);
    else left.push(part);
  }
  for (const part of left) {
    if (fresh.length >= need) break;
    const best = nearest(free().filter(apart), part.target) ?? nearest(free(), part.target);
    if (best) add(best);
  }

  // docs/domain.md, rule 2: at least two with physical attendance; autumn and spring ones first.
  const season = (date: string) => {
    const month = Number(date.slice(5, 7));
    return month >= 9 && month <= 11 ? 0 : month >= 3 && month <= 6 ? 1 : 2;
  };
  const byPreference = [...fresh].sort((a, b) => season(a) - season(b) || a.localeCompare(b));
  const missingPhysical = Math.max(0, settings.minPhysical - context.existing.filter(hasRoom).length);
  const physical = new Set(settings.otherFormat === 'physical' ? fresh : byPreference.slice(0, missingPhysical));
  // docs/domain.md, rule 3: one joint extended fagdag may be marked, the autumn one first. A fagdag is an in-person day.
  const fagdag =
    settings.withFagdag && !context.existing.some((g) => g.kind === 'fagdag') ? byPreference[0] : undefined;

  const proposed: PlanGathering[] = fresh.map((date) => ({
    date,
    startTime: settings.startTime,
    endTime: settings.endTime,
    format: physical.has(date) || date === fagdag ? 'physical' : settings.otherFormat,
    kind: date === fagdag ? 'fagdag' : 'regular',
    venue: '',
    meetingUrl: '',
    hostUnitId: null,
  }));
  return [...context.existing, ...proposed].sort(
    (a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime),
  );
}

export type PlanWarningCode =
  | 'tooFewPhysical'
  | 'tooManyFagdag'
  | 'tooClose'
  | 'onHoliday'
  | 'inBlockedPeriod'
  | 'sectorClash'
  | 'hostTwiceSameDay'
  | 'hostAlsoPresents'
  | 'physicalNeedsVenue'
  | 'digitalNeedsLink'
  | 'endBeforeStart'
  | 'outsideYear'
  | 'fewerThanCount';

export interface PlanWarning {
  code: PlanWarningCode;
  /** The gathering's position in the plan as given; absent for rules about the whole year. */
  index?: number;
  params: Record<string, string | number>;
}

/**
 * The seed's rules, checked on a plan (cancelled gatherings left out by the caller). `index` is
 * the gathering's position in `plan`; params carry what a message needs (dates, names, counts).
 */
export function checkYearPlan(
  plan: PlanGathering[],
  context: {
    year: number;
    count: number;
    minPhysical: number;
    minGapDays: number;
    blockedPeriods: { from: string; to: string }[];
    takenDates: string[];
    hostsOnSameDay: { date: string; unitId: number }[];
  },
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const physical = plan.filter(hasRoom).length;
  // docs/domain.md, rule 2: at least two gatherings a year with physical attendance (hybrid counts, see hasRoom).
  if (physical < context.minPhysical)
    warnings.push({ code: 'tooFewPhysical', params: { count: physical, minimum: context.minPhysical } });
  // docs/domain.md, rule 3: one of the four may be a joint extended fagdag.
  const fagdager = plan.filter((g) => g.kind === 'fagdag').length;
  if (fagdager > 1) warnings.push({ code: 'tooManyFagdag', params: { count: fagdager } });
  if (plan.length < context.count)
    warnings.push({ code: 'fewerThanCount', params: { count: context.count, actual: plan.length } });

  const taken = new Set(context.takenDates);
  const order = plan
    .map((g, index) => ({ g, index }))
    .sort((a, b) => a.g.date.localeCompare(b.g.date) || a.index - b.index);
  order.forEach(({ g, index }, position) => {
    const date = g.date;
    const next = order[position + 1];
    if (next) {
      const days = daysBetween(date, next.g.date);
      if (days < context.minGapDays)
        warnings.push({
          code: 'tooClose',
          index,
          params: { date, nextDate: next.g.date, days, minimum: context.minGapDays },
        });
    }
    if (Number(date.slice(0, 4)) !== context.year)
      warnings.push({ code: 'outsideYear', index, params: { date, year: context.year } });
    // A holiday inside a blocked week (Good Friday in Easter week) is reported once, as the holiday.
    const holiday = norwegianHolidayNames(Number(date.slice(0, 4))).get(date);
    const blocked = blockedReason(date, context.blockedPeriods);
    if (holiday) warnings.push({ code: 'onHoliday', index, params: { date, holiday } });
    else if (blocked) warnings.push({ code: 'inBlockedPeriod', index, params: { date, period: blocked } });
    if (taken.has(date)) warnings.push({ code: 'sectorClash', index, params: { date } });
    if (g.hostUnitId !== null && hasRoom(g)) {
      const others = [
        ...context.hostsOnSameDay,
        ...plan.filter((o) => o !== g && hasRoom(o)).map((o) => ({ date: o.date, unitId: o.hostUnitId })),
      ];
      if (others.some((h) => h.date === date && h.unitId === g.hostUnitId))
        warnings.push({ code: 'hostTwiceSameDay', index, params: { date, unitId: g.hostUnitId } });
    }
    // Rotation shares the duties out: one unit both hosting and presenting carries two at once.
    if (g.hostUnitId !== null && hasRoom(g) && g.presenterUnitIds?.includes(g.hostUnitId))
      warnings.push({ code: 'hostAlsoPresents', index, params: { date } });
    if (minutes(g.endTime) <= minutes(g.startTime))
      warnings.push({ code: 'endBeforeStart', index, params: { date, startTime: g.startTime, endTime: g.endTime } });
    // A gathering that has taken place cannot get a venue or a link any more: no nagging about it.
    if (!g.past) {
      if (hasRoom(g) && !g.venue.trim()) warnings.push({ code: 'physicalNeedsVenue', index, params: { date } });
      if (g.format !== 'physical' && !g.meetingUrl.trim())
        warnings.push({ code: 'digitalNeedsLink', index, params: { date } });
    }
  });
  return warnings;
}
