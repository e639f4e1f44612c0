import { DateTime } from 'luxon';
import { blockedReason, norwegianPublicHolidays } from './calendarRules';

export { norwegianPublicHolidays } from './calendarRules';

// The year plan: a proposal of the network's gatherings, and the seed's rules checked on any plan.
// Pure: no I/O and no clock; "today" is an input. Dates are Oslo calendar dates (YYYY-MM-DD).

const ZONE = 'Europe/Oslo';
type Format = 'physical' | 'digital' | 'hybrid';

export interface PlanSettings {
  year: number;
  count: number;
  /** ISO weekdays, 1 = Monday. */
  weekdays: number[];
  startTime: string;
  endTime: string;
  blockedPeriods: { from: string; to: string }[];
  minPhysical: number;
  otherFormat: Format;
  withFagdag: boolean;
  minGapDays: number;
}

export interface PlanGathering {
  id?: number;
  date: string;
  startTime: string;
  endTime: string;
  format: Format;
  kind: 'regular' | 'fagdag';
  venue: string;
  meetingUrl: string;
  hostUnitId: number | null;
  past?: boolean;
}

const daysBetween = (a: string, b: string) => Math.round(DateTime.fromISO(b).diff(DateTime.fromISO(a), 'days').days);
// A hybrid gathering has people in the room, so it counts as physical attendance.
const hasRoom = (g: { format: Format }) => g.format !== 'digital';

export function toInstants(g: Pick<PlanGathering, 'date' | 'startTime' | 'endTime'>): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: DateTime.fromISO(`${g.date}T${g.startTime}`, { zone: ZONE }).toJSDate(),
    endsAt: DateTime.fromISO(`${g.date}T${g.endTime}`, { zone: ZONE }).toJSDate(),
  };
}

/** Every date of the year a new gathering may fall on. */
function candidateDates(settings: PlanSettings, context: { today: string; takenDates: string[]; used: string[] }): string[] {
  const holidays = norwegianPublicHolidays(settings.year);
  const dates: string[] = [];
  for (let day = DateTime.fromObject({ year: settings.year, month: 1, day: 1 }); day.year === settings.year; day = day.plus({ days: 1 })) {
    const date = day.toISODate() as string;
    if (date <= context.today || !settings.weekdays.includes(day.weekday)) continue;
    if (holidays.has(date) || blockedReason(date, settings.blockedPeriods) || context.takenDates.includes(date) || context.used.includes(date)) continue;
    dates.push(date);
  }
  return dates;
}

/**
 * Proposes the year: keeps the gatherings already there (past or accepted) and adds new ones
 * until `count`, one in each part of the year that has none (about one a quarter for four),
 * on the date nearest the middle of that part that breaks no rule and keeps the gap.
 */
export function proposeYearPlan(settings: PlanSettings, context: { today: string; existing: PlanGathering[]; takenDates: string[] }): PlanGathering[] {
  const start = DateTime.fromObject({ year: settings.year, month: 1, day: 1 });
  const yearDays = start.plus({ years: 1 }).diff(start, 'days').days;
  const segment = yearDays / settings.count;
  const chosen = context.existing.map((g) => g.date);
  const candidates = candidateDates(settings, { today: context.today, takenDates: context.takenDates, used: chosen });
  const fresh: string[] = [];
  for (let i = 0; i < settings.count && context.existing.length + fresh.length < settings.count; i += 1) {
    const from = start.plus({ days: Math.round(i * segment) }).toISODate() as string;
    const to = start.plus({ days: Math.round((i + 1) * segment) - 1 }).toISODate() as string;
    if (chosen.some((date) => date >= from && date <= to)) continue;
    const target = start.plus({ days: Math.round((i + 0.5) * segment) }).toISODate() as string;
    const spaced = candidates.filter((date) => chosen.every((other) => Math.abs(daysBetween(date, other)) >= settings.minGapDays));
    const inPart = spaced.filter((date) => date >= from && date <= to);
    const pool = inPart.length > 0 ? inPart : spaced.length > 0 ? spaced : candidates.filter((date) => !chosen.includes(date));
    const best = [...pool].sort((a, b) => Math.abs(daysBetween(target, a)) - Math.abs(daysBetween(target, b)) || a.localeCompare(b))[0];
    if (!best) continue;
    chosen.push(best);
    fresh.push(best);
  }

  // seed 001: at least two with physical attendance; spring and autumn ones first.
  const season = (date: string) => {
    const month = Number(date.slice(5, 7));
    return month >= 9 && month <= 11 ? 0 : month >= 3 && month <= 6 ? 1 : 2;
  };
  const byPreference = [...fresh].sort((a, b) => season(a) - season(b) || a.localeCompare(b));
  const missingPhysical = Math.max(0, settings.minPhysical - context.existing.filter(hasRoom).length);
  const physical = new Set(settings.otherFormat === 'physical' ? fresh : byPreference.slice(0, missingPhysical));
  // One joint extended fagdag may be marked; autumn is preferred. A fagdag is an in-person day.
  const fagdag = settings.withFagdag && !context.existing.some((g) => g.kind === 'fagdag') ? byPreference[0] : undefined;

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
  return [...context.existing, ...proposed].sort((a, b) => a.date.localeCompare(b.date) || a.startTime.localeCompare(b.startTime));
}

export type PlanWarningCode =
  | 'tooFewPhysical'
  | 'tooManyFagdag'
  | 'tooClose'
  | 'onHoliday'
  | 'inBlockedPeriod'
  | 'sectorClash'
  | 'hostTwiceSameDay'
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

/** The seed's rules, checked on a plan (cancelled gatherings left out by the caller). */
export function checkYearPlan(
  plan: PlanGathering[],
  context: { year: number; count: number; minPhysical: number; minGapDays: number; blockedPeriods: { from: string; to: string }[]; takenDates: string[]; hostsOnSameDay: { date: string; unitId: number }[] },
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const physical = plan.filter(hasRoom).length;
  if (physical < context.minPhysical) warnings.push({ code: 'tooFewPhysical', params: { count: physical, minimum: context.minPhysical } });
  if (plan.filter((g) => g.kind === 'fagdag').length > 1) warnings.push({ code: 'tooManyFagdag', params: {} });
  if (plan.length < context.count) warnings.push({ code: 'fewerThanCount', params: { count: context.count } });

  const order = plan.map((g, index) => ({ g, index })).sort((a, b) => a.g.date.localeCompare(b.g.date));
  order.forEach(({ g, index }, position) => {
    const date = g.date;
    const next = order[position + 1];
    if (next) {
      const days = daysBetween(date, next.g.date);
      if (days < context.minGapDays) warnings.push({ code: 'tooClose', index, params: { date, days } });
    }
    if (Number(date.slice(0, 4)) !== context.year) warnings.push({ code: 'outsideYear', index, params: { date } });
    const holiday = norwegianPublicHolidays(Number(date.slice(0, 4))).get(date);
    if (holiday) warnings.push({ code: 'onHoliday', index, params: { date, holiday } });
    else if (blockedReason(date, context.blockedPeriods)) warnings.push({ code: 'inBlockedPeriod', index, params: { date } });
    if (context.takenDates.includes(date)) warnings.push({ code: 'sectorClash', index, params: { date } });
    const sameDayHosts = [...context.hostsOnSameDay, ...plan.filter((o) => o !== g).map((o) => ({ date: o.date, unitId: o.hostUnitId }))];
    if (g.hostUnitId !== null && hasRoom(g) && sameDayHosts.some((h) => h.date === date && h.unitId === g.hostUnitId)) warnings.push({ code: 'hostTwiceSameDay', index, params: { date } });
    if (g.endTime <= g.startTime) warnings.push({ code: 'endBeforeStart', index, params: { date } });
    if (!g.past) {
      if (hasRoom(g) && !g.venue.trim()) warnings.push({ code: 'physicalNeedsVenue', index, params: { date } });
      if (g.format !== 'physical' && !g.meetingUrl.trim()) warnings.push({ code: 'digitalNeedsLink', index, params: { date } });
    }
  });
  return warnings;
}
