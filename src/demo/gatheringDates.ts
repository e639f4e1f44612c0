import { DateTime } from 'luxon';

const ZONE = 'Europe/Oslo';

/** The n-th Thursday of a month (n = 1…4), as an Oslo calendar date. */
export function nthThursday(year: number, month: number, n: number): DateTime {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: ZONE });
  const offset = (4 - first.weekday + 7) % 7;
  return first.plus({ days: offset + (n - 1) * 7 });
}

/** An Oslo wall-clock time on that date, as the instant to store. */
export function at(date: DateTime, time: string): Date {
  const [hour, minute] = time.split(':').map(Number);
  return date.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

// The demo's yearly pattern avoids holidays by construction: the 2nd Thursday of March is before
// Palm Sunday's earliest date (15 March), June's 2nd–4th Thursdays are after Ascension's latest
// (3 June), and the November and September dates are far from Christmas.
export const LOCAL_PATTERN = [
  { month: 3, week: 2, format: 'physical' },
  { month: 6, week: 2, format: 'digital' },
  { month: 11, week: 4, format: 'hybrid' },
] as const;

/** The second network of a sector meets a week later, so the sector's dates never clash. */
export const SECOND_LOCAL_PATTERN = [
  { month: 3, week: 3, format: 'physical' },
  { month: 6, week: 3, format: 'digital' },
  { month: 11, week: 3, format: 'hybrid' },
] as const;

export const FAGDAG = { month: 9, week: 2 } as const;

export const LEARNING_PATTERN = [
  { month: 2, week: 2, format: 'physical' },
  { month: 6, week: 4, format: 'digital' },
  { month: 10, week: 2, format: 'physical' },
  { month: 12, week: 1, format: 'digital' },
] as const;
