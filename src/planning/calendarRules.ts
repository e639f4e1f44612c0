import type Holidays from 'date-holidays';
import { DateTime } from 'luxon';

// Dates that never suit a gathering: public holidays, July, the Christmas weeks and Easter week
// (the rules), plus a network's own blocked periods such as school holidays.
// Pure: the holiday tables are computed by date-holidays from rules, never fetched.

// Norwegian names whatever the machine's locale; the lead shows them as they are.
let norway: Holidays | undefined;
const cache = new Map<number, ReadonlyMap<string, string>>();

/** Norwegian public holidays (type 'public' only) of a year: date (YYYY-MM-DD) → Norwegian name. */
export function norwegianHolidayNames(year: number): ReadonlyMap<string, string> {
  let names = cache.get(year);
  if (!names) {
    // Loaded on first use, not at start: date-holidays (every country's rules) adds ~10 MB to the
    // RSS of every process. A synchronous require keeps these functions synchronous.
    norway ??= new (require('date-holidays') as typeof Holidays)('NO', { languages: ['no'] });
    const byDate = new Map<string, string>();
    for (const holiday of norway.getHolidays(year).filter((h) => h.type === 'public')) {
      const date = holiday.date.slice(0, 10);
      const earlier = byDate.get(date);
      // Two holidays can share a day (17 May and Whit Monday in 2027).
      byDate.set(date, earlier ? `${earlier} / ${holiday.name}` : holiday.name);
    }
    names = byDate;
    cache.set(year, names);
  }
  return names;
}

/** Norwegian public holidays of a year as dates (YYYY-MM-DD). A fresh set: callers may change it. */
export function norwegianPublicHolidays(year: number): Set<string> {
  return new Set(norwegianHolidayNames(year).keys());
}

/** Easter Sunday (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): DateTime {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return DateTime.fromObject({ year, month, day }, { zone: 'utc' });
}

const easterWeeks = new Map<number, { from: string; to: string }>();

/** Easter week: Palm Sunday to Easter Monday, both included. */
export function easterWeek(year: number): { from: string; to: string } {
  let week = easterWeeks.get(year);
  if (!week) {
    const easter = easterSunday(year);
    week = {
      from: easter.minus({ days: 7 }).toISODate() as string,
      to: easter.plus({ days: 1 }).toISODate() as string,
    };
    easterWeeks.set(year, week);
  }
  return week;
}

export type BlockedReason = 'july' | 'christmas' | 'easter' | 'custom';

/** Why a date is blocked, or undefined when it is free. */
export function blockedReason(date: string, periods: { from: string; to: string }[]): BlockedReason | undefined {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month === 7) return 'july';
  // The Christmas weeks: 20 December to 3 January, both included.
  if ((month === 12 && day >= 20) || (month === 1 && day <= 3)) return 'christmas';
  const week = easterWeek(Number(date.slice(0, 4)));
  if (date >= week.from && date <= week.to) return 'easter';
  if (periods.some((p) => date >= p.from && date <= p.to)) return 'custom';
  return undefined;
}
