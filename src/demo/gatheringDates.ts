import type { Format } from '../gatherings/model';
import { DateTime } from 'luxon';
import { blockedReason, norwegianPublicHolidays } from '../planning/calendarRules';

// When the demo networks meet: about one gathering a quarter, on a Thursday, never in July, the
// Christmas weeks, Easter week or on a public holiday (the planner's own rules).

const ZONE = 'Europe/Oslo';

export interface Slot {
  month: number;
  /** The n-th Thursday of the month. */
  week: number;
  format: Format;
}

/** The n-th Thursday of a month as an Oslo date, a week later while that day is blocked. */
export function meetingDay(year: number, month: number, week: number): DateTime {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  let date = first.plus({ days: ((4 - first.weekday + 7) % 7) + (week - 1) * 7 });
  const blocked = (d: DateTime) =>
    blockedReason(d.toISODate() as string, []) !== undefined ||
    norwegianPublicHolidays(d.year).has(d.toISODate() as string);
  while (blocked(date)) date = date.plus({ weeks: 1 });
  return date;
}

/** An Oslo wall-clock time ("12:00") on that date, as the instant to store. */
export function at(date: DateTime, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute },
    { zone: ZONE },
  ).toJSDate();
}

export const REGULAR_TIME = { start: '12:00', end: '15:00' };
export const FAGDAG_TIME = { start: '09:00', end: '15:30' };

// A sector's first network: three regular gatherings, and the region's joint fagdag in September.
export const LOCAL_PATTERN: readonly Slot[] = [
  { month: 3, week: 2, format: 'physical' },
  { month: 6, week: 2, format: 'digital' },
  { month: 11, week: 4, format: 'hybrid' },
];

/** The second network of a sector meets a week later, so the sector's dates never clash. */
export const SECOND_LOCAL_PATTERN: readonly Slot[] = [
  { month: 3, week: 3, format: 'physical' },
  { month: 6, week: 3, format: 'digital' },
  { month: 11, week: 3, format: 'hybrid' },
];

export const FAGDAG = { month: 9, week: 2 } as const;

export const LEARNING_PATTERN: readonly Slot[] = [
  { month: 2, week: 2, format: 'physical' },
  { month: 6, week: 4, format: 'digital' },
  { month: 9, week: 4, format: 'physical' },
  { month: 11, week: 2, format: 'digital' },
];
