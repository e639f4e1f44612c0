import Holidays from 'date-holidays';
import { DateTime } from 'luxon';

// Dates that never suit a gathering: public holidays, July, the Christmas weeks and Easter week
// (the rules), plus a network's own blocked periods such as school holidays.

const norway = new Holidays('NO');
const cache = new Map<number, Map<string, string>>();

/** Norwegian public holidays of a year: date (YYYY-MM-DD) → name. */
export function norwegianPublicHolidays(year: number): Map<string, string> {
  let holidays: Map<string, string> | undefined = cache.get(year);
  if (!holidays) {
    holidays = new Map();
    for (const holiday of norway.getHolidays(year).filter((h) => h.type === 'public')) {
      const date = holiday.date.slice(0, 10);
      // Two holidays can share a day (17 May and Whit Monday in 2027).
      holidays.set(date, holidays.has(date) ? `${holidays.get(date)} / ${holiday.name}` : holiday.name);
    }
    cache.set(year, holidays);
  }
  return holidays;
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
  return DateTime.fromObject({ year, month, day });
}

export type BlockedReason = 'july' | 'christmas' | 'easter' | 'custom';

/** Why a date is blocked, or undefined when it is free. */
export function blockedReason(date: string, periods: { from: string; to: string }[]): BlockedReason | undefined {
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month === 7) return 'july';
  if ((month === 12 && day >= 20) || (month === 1 && day <= 3)) return 'christmas';
  const easter = easterSunday(Number(date.slice(0, 4)));
  // Easter week: Palm Sunday to Easter Monday.
  if (date >= (easter.minus({ days: 7 }).toISODate() as string) && date <= (easter.plus({ days: 1 }).toISODate() as string)) return 'easter';
  if (periods.some((p) => date >= p.from && date <= p.to)) return 'custom';
  return undefined;
}
