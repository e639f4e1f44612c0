// Which profession a typed word names: a guest's profession is written freely on the attendance
// page ("sykepleiar", "Psykolog"), while members have one of PROFESSIONS. Pure: no I/O.
import { catalogues, LANGUAGES } from '../kernel/i18n';
import { PROFESSIONS } from './schema';

export type Profession = (typeof PROFESSIONS)[number];

const key = (text: string) => text.trim().toLocaleLowerCase('nb');

/** Every written label of each profession, in bokmål and nynorsk. */
const BY_LABEL = new Map<string, Profession>(
  PROFESSIONS.flatMap((code) =>
    LANGUAGES.map((language) => {
      const labels = (catalogues[language].common as { professions: Record<string, string> }).professions;
      return [key(labels[code] ?? code), code] as const;
    }),
  ),
);

/** The profession a free text names, or 'other' for one not in the list; undefined for an empty text. */
export function professionOf(text: string): Profession | undefined {
  if (key(text) === '') return undefined;
  return BY_LABEL.get(key(text)) ?? 'other';
}
