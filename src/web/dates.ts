import { DateTime } from 'luxon';
import { localeOf, type Language } from './i18n';

export const TIME_ZONE = 'Europe/Oslo';

/** Today's calendar date in Norway, as YYYY-MM-DD. */
export function todayInOslo(now: Date = new Date()): string {
  return DateTime.fromJSDate(now, { zone: TIME_ZONE }).toISODate() as string;
}

export function currentYearInOslo(now: Date = new Date()): number {
  return DateTime.fromJSDate(now, { zone: TIME_ZONE }).year;
}

function toDateTime(value: Date | string): DateTime {
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone: TIME_ZONE });
  // A bare calendar date (YYYY-MM-DD) is a day in Norway, not an instant.
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? DateTime.fromISO(value, { zone: TIME_ZONE })
    : DateTime.fromISO(value).setZone(TIME_ZONE);
}

/** "24. november 2026" */
export function formatDate(value: Date | string, language: Language): string {
  return toDateTime(value).setLocale(localeOf(language)).toFormat('d. MMMM yyyy');
}

/** "torsdag 12. mars 2026" */
export function formatWeekdayDate(value: Date | string, language: Language): string {
  return toDateTime(value).setLocale(localeOf(language)).toFormat('cccc d. MMMM yyyy');
}

/** "12:00" */
export function formatTime(value: Date | string): string {
  return toDateTime(value).toFormat('HH:mm');
}

/** "24.11.2026 kl. 14:05" */
export function formatDateTime(value: Date | string): string {
  return toDateTime(value).toFormat("dd.MM.yyyy 'kl.' HH:mm");
}
