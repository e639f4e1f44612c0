import { DateTime } from 'luxon';
import type { Language } from './i18n';
import { remembered } from './remembered';

export const TIME_ZONE = 'Europe/Oslo';

/** The calendar date in Norway of an instant, as YYYY-MM-DD. */
export function osloDate(instant: Date): string {
  // Norway's offsets are whole hours, so every instant of a UTC minute has the same date there:
  // asked as the minute's start, the formatter remembers one answer for the many "now"s of a minute.
  return FORMATS.isoDate(new Date(Math.floor(instant.getTime() / 60_000) * 60_000));
}

/** Today's calendar date in Norway, as YYYY-MM-DD. */
export const todayInOslo = (now: Date = new Date()): string => osloDate(now);

export function currentYearInOslo(now: Date = new Date()): number {
  return Number(osloDate(now).slice(0, 4));
}

/** An instant from a Date or an ISO string; a bare calendar date (YYYY-MM-DD) is that day in Norway. */
function toInstant(value: Date | string): Date {
  if (value instanceof Date) return value;
  // Noon UTC is the same calendar day in Norway, summer or winter.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
}

// Formatters are built once and reused: formatting with Intl is about ten times cheaper than with
// a luxon DateTime, which works out the zone's offset anew for every value (a page formats dozens).
// Each also remembers what it wrote for recent instants: pages and emails format the same few
// dates (a gathering's start, today) over and over, and a lookup is cheaper still.
function formatter(locale: string, options: Intl.DateTimeFormatOptions): (instant: Date) => string {
  const format = new Intl.DateTimeFormat(locale, { timeZone: TIME_ZONE, ...options });
  const textAt = remembered(2000, (at: number) => format.format(at));
  return (instant) => textAt(instant.getTime());
}
const FORMATS = {
  date: {
    nb: formatter('nb-NO', { day: 'numeric', month: 'long', year: 'numeric' }),
    nn: formatter('nn-NO', { day: 'numeric', month: 'long', year: 'numeric' }),
  },
  weekdayDate: {
    nb: formatter('nb-NO', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
    nn: formatter('nn-NO', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }),
  },
  monthYear: {
    nb: formatter('nb-NO', { month: 'long', year: 'numeric' }),
    nn: formatter('nn-NO', { month: 'long', year: 'numeric' }),
  },
  numericDate: formatter('nb-NO', { day: '2-digit', month: '2-digit', year: 'numeric' }),
  // Canadian English writes dates as YYYY-MM-DD.
  isoDate: formatter('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }),
  time: formatter('nb-NO', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
};

/** "24. november 2026" */
export function formatDate(value: Date | string, language: Language): string {
  return FORMATS.date[language](toInstant(value));
}

/** "torsdag 12. mars 2026" */
export function formatWeekdayDate(value: Date | string, language: Language): string {
  return FORMATS.weekdayDate[language](toInstant(value));
}

/** "mars 2025" */
export function formatMonthYear(value: Date | string, language: Language): string {
  return FORMATS.monthYear[language](toInstant(value));
}

/** "12:00" */
export function formatTime(value: Date | string): string {
  return FORMATS.time(toInstant(value));
}

/** "24.11.2026 kl. 14:05" */
export function formatDateTime(value: Date | string): string {
  const instant = toInstant(value);
  return `${FORMATS.numericDate(instant)} kl. ${FORMATS.time(instant)}`;
}

/** A calendar year in Norway: from its first midnight up to the next year's. */
export function yearRange(year: number): { from: Date; to: Date } {
  const start = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: TIME_ZONE });
  return { from: start.toJSDate(), to: start.plus({ years: 1 }).toJSDate() };
}

/** Oslo wall-clock date and times → instants; luxon applies the DST offset of that very day. */
export function toInstants(g: { date: string; startTime: string; endTime: string }): { startsAt: Date; endsAt: Date } {
  return {
    startsAt: DateTime.fromISO(`${g.date}T${g.startTime}`, { zone: TIME_ZONE }).toJSDate(),
    endsAt: DateTime.fromISO(`${g.date}T${g.endTime}`, { zone: TIME_ZONE }).toJSDate(),
  };
}

/** A gathering (or anything with a start) has begun: answers, stand-ins and invitations no longer change; attendance and evaluation may start. */
/** Midnight in Norway `days` days before an Oslo date, as an instant. */
export const daysBeforeInOslo = (date: string, days: number): Date =>
  DateTime.fromISO(date, { zone: TIME_ZONE }).minus({ days }).startOf('day').toJSDate();

export const hasStarted = (g: { startsAt: Date }, now: Date = new Date()) => g.startsAt.getTime() <= now.getTime();

/** Its day has come (in Norway): a gathering on or before today is history, and never moves. */
export const isPastDay = (g: { startsAt: Date }, today: string) => osloDate(g.startsAt) <= today;

/**
 * An iCalendar DATE-TIME as an instant: `20270401T100000Z` is UTC; a time without `Z` (floating,
 * or with a TZID, which Outlook writes as a Windows zone name such as "W. Europe Standard Time")
 * is read as Norwegian wall-clock time. Undefined for anything else (a DATE, a malformed value).
 */
export function fromICalDateTime(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, utc] = match;
  const parsed = DateTime.fromObject(
    { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s) },
    { zone: utc ? 'utc' : TIME_ZONE },
  );
  return parsed.isValid ? parsed.toJSDate() : undefined;
}
/** The same wall-clock time in Norway `months` later (the 31st becomes the month's last day, as PostgreSQL does). */
export const plusMonthsInOslo = (instant: Date, months: number): Date =>
  DateTime.fromJSDate(instant, { zone: TIME_ZONE }).plus({ months }).toJSDate();
