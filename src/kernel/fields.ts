import { z } from 'zod';
import { containsFnr, INVISIBLE } from '../privacy/fnr';
import { currentYearInOslo } from './dates';

// Building blocks for form and URL schemas. Messages are catalogue keys, translated at render time.
// Every text a person can type passes the privacy guard: nothing that reads as a national
// identity number, however it is written, is ever stored (docs/privacy.md). Text is stored
// NFC-normalised, so the same letters are always the same characters.
const noIdentityNumber = (text: string) => !containsFnr(text);
// PostgreSQL cannot store NUL in text, and other control characters (but tab and line breaks)
// are never typed by a person: refused at the field rather than failing the save.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to refuse
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const noControlCharacters = (text: string) => !CONTROL_CHARACTERS.test(text);
// A name or title is one line of visible text: no line breaks, and no invisible characters that
// could hide or reorder what others read (zero-width characters, direction overrides).
const LINE_BREAKS = /[\r\n\u0085\u2028\u2029]/;
const ANY_INVISIBLE = new RegExp(INVISIBLE.source, 'u');
const isOneVisibleLine = (text: string) => !LINE_BREAKS.test(text) && !ANY_INVISIBLE.test(text);
const nfc = (text: string) => text.normalize('NFC');

const text = (max: number) =>
  z
    .string({ error: 'errors.invalid' })
    .trim()
    .max(max, 'errors.tooLong')
    .refine(noControlCharacters, 'errors.controlCharacters')
    .refine(noIdentityNumber, 'errors.fnr')
    .transform(nfc);

/** A name or title: one line, required. */
export const requiredText = (max = 200) =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .min(1, 'errors.required')
    .pipe(text(max).refine(isOneVisibleLine, 'errors.controlCharacters'));

/** One optional line (a name, a place, a topic). */
export const optionalLine = (max = 300) =>
  text(max).refine(isOneVisibleLine, 'errors.controlCharacters').optional().default('');

/** Free text that may run over several lines. */
export const optionalText = (max = 2000) => text(max).optional().default('');

/** A web address (a meeting link): http(s) only, and checked by the privacy guard, percent-encoded or not. */
export const optionalUrl = (max = 500, message = 'errors.url') =>
  z
    .union([
      z.literal(''),
      z
        .url({ protocol: /^https?$/, error: message })
        .max(max, 'errors.tooLong')
        .refine((url) => noIdentityNumber(url) && noIdentityNumber(decodedOrEmpty(url)), 'errors.fnr'),
    ])
    .optional()
    .default('');

function decodedOrEmpty(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return '';
  }
}

export const email = () =>
  z
    .string({ error: 'errors.required' })
    .trim()
    .toLowerCase()
    .min(1, 'errors.required')
    .max(254, 'errors.tooLong')
    .refine(noControlCharacters, 'errors.controlCharacters')
    .refine(noIdentityNumber, 'errors.fnr')
    .pipe(z.email('errors.email'));

export const optionalEmail = () =>
  z
    .union([z.literal('').transform(() => ''), email()], { error: 'errors.email' })
    .optional()
    .default('');

export const phone = () =>
  z
    .string({ error: 'errors.invalid' })
    .trim()
    .max(30, 'errors.tooLong')
    .regex(/^(\+?[0-9 ]{8,20})?$/, 'errors.phone')
    .refine(noControlCharacters, 'errors.controlCharacters')
    .refine(noIdentityNumber, 'errors.fnr')
    .optional()
    .default('');

/** Browsers send nothing for an unchecked box and "on" for a checked one. */
export const checkbox = () => z.preprocess((value) => value === 'on' || value === 'true', z.boolean());

/** The largest value of PostgreSQL's integer columns (ids, versions). */
const INTEGER_MAX = 2_147_483_647;

/** A record id: digits only (not " 1", "0x10" or "1e3", which plain number coercion lets through). */
export const id = (message = 'errors.choice') =>
  z.preprocess(
    (value) => (typeof value === 'string' ? (/^[1-9][0-9]{0,9}$/.test(value) ? Number(value) : Number.NaN) : value),
    z.number({ error: message }).int(message).positive(message).max(INTEGER_MAX, message),
  );

export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: 'errors.choice' });

/** A calendar date as YYYY-MM-DD that exists (no 31 February). */
export const date = () =>
  z
    .string({ error: 'errors.date' })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'errors.date')
    .refine((value) => {
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value);
    }, 'errors.date');

export const optionalDate = () =>
  z.union([z.literal('').transform(() => undefined), date()], { error: 'errors.date' }).optional();

/** A wall-clock time as HH:mm (Oslo time is implied by the form it is in). */
export const clockTime = () =>
  z
    .string({ error: 'planning.errors.time' })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'planning.errors.time');

/** The record version an edit form was read at (optimistic locking). */
// Bounded like the integer column it is compared with: a larger number is a stale form, not a database error.
export const version = () =>
  z.coerce.number({ error: 'errors.stale' }).int().positive().max(INTEGER_MAX, 'errors.stale');

/** Like `version`, for a form that may also create its record: 0 when it was read before there was one. */
export const versionOrNew = () =>
  z.coerce
    .number({ error: 'errors.stale' })
    .int('errors.stale')
    .min(0, 'errors.stale')
    .max(INTEGER_MAX, 'errors.stale');

/** A search box (?q=…): anything that cannot be searched for (too long, control characters) searches for nothing. */
export const searchText = () => z.string().trim().max(100).refine(noControlCharacters).catch('').optional().default('');

/** ?page=N on paginated lists; anything odd means the first page. */
export const page = () => z.coerce.number().int().min(1).max(100_000).catch(1);

/** A route's numeric id; a bad one is a 404, not a form error. */
export const idParams = z.object({ id: id() });

/** A year between 2000 and 2100 in a form or a link. */
const year = (message?: string) => z.coerce.number({ error: message }).int().min(2000, message).max(2100, message);

/** ?year= in a link: a bad or missing value is no year (the page shows this year). */
export const yearQuery = z.object({ year: year().optional().catch(undefined) });

/** ?year= on a page of figures: a bad or missing value is this year, never an error. */
export const yearOrThisYear = () => year().catch(() => currentYearInOslo());

export const yearForm = z.object({ year: year('planning.errors.year') });
