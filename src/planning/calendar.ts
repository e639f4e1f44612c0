import { DateTime } from 'luxon';
import { localeOf, type Language } from '../kernel/i18n';

export interface CalendarDay {
  day?: number;
  date?: string;
  gatheringId?: number;
  holiday?: boolean;
  label?: string;
}

/** Twelve month grids (weeks Monday–Sunday) for the year view, marking gatherings and holidays. */
export function yearCalendar(
  year: number,
  language: Language,
  marks: { gatherings: Map<string, { id: number; label: string }>; holidays: { has(date: string): boolean } },
) {
  return Array.from({ length: 12 }, (_, index) => {
    const first = DateTime.fromObject({ year, month: index + 1, day: 1 }).setLocale(localeOf(language));
    const cells: CalendarDay[] = Array.from({ length: first.weekday - 1 }, () => ({}));
    for (let day = 1; day <= (first.daysInMonth ?? 31); day += 1) {
      const date = first.set({ day }).toISODate() as string;
      const gathering = marks.gatherings.get(date);
      cells.push({ day, date, gatheringId: gathering?.id, label: gathering?.label, holiday: marks.holidays.has(date) });
    }
    while (cells.length % 7 !== 0) cells.push({});
    const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
    return { name: first.toFormat('LLLL'), weeks };
  });
}
