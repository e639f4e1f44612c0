// Norwegian national identity numbers (fødselsnummer) and their variants: D-numbers (day + 40),
// H-numbers (month + 40) and synthetic test numbers (month + 80) share the same two mod-11 check
// digits, so the check digits alone decide (docs/privacy.md). A valid pair by chance is rare
// (about 1 in 120 for random digits), so ordinary numbers such as phone numbers pass.
//
// A number is found however it is written: with any digits Unicode knows (full-width, Arabic-Indic,
// Devanagari…), split into groups by spaces of any kind, dashes, dots, slashes or line breaks
// ("140785-16578", "14.07.85 16578", "140 785 165 78"), and with invisible characters (zero-width
// spaces, word joiners, soft hyphens, direction marks) anywhere in it.

const WEIGHTS_1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const WEIGHTS_2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function checkDigit(digits: number[], weights: number[]): number | undefined {
  const sum = weights.reduce((total, weight, i) => total + weight * (digits[i] as number), 0);
  const digit = 11 - (sum % 11);
  if (digit === 11) return 0;
  return digit === 10 ? undefined : digit;
}

/** Whether 11 digits carry two valid check digits. */
export function hasValidCheckDigits(number: string): boolean {
  if (!/^\d{11}$/.test(number)) return false;
  const digits = [...number].map(Number);
  const first = checkDigit(digits, WEIGHTS_1);
  if (first === undefined || first !== digits[9]) return false;
  const second = checkDigit(digits, WEIGHTS_2);
  return second !== undefined && second === digits[10];
}

// Characters that show nothing: zero-width spaces and joiners, word joiner and invisible
// operators, soft hyphen, Mongolian vowel separator, byte order mark, direction marks, embeddings,
// overrides and isolates.
export const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu;

/** The value (0–9) of any Unicode decimal digit: decimal digits come in runs of ten from zero. */
function digitValue(digit: string): number {
  let start = digit.codePointAt(0) as number;
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
  return ((digit.codePointAt(0) as number) - start) % 10;
}

/** The text as the detector reads it: compatibility forms folded (NFKC), invisible characters out, every digit as 0–9. */
export function normaliseForScan(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(/(?![0-9])\p{Nd}/gu, (digit) => String(digitValue(digit)));
}

// Groups of digits joined by up to three separators: any space, tab or line break, a hyphen or
// dash, a dot or a slash.
const DIGIT_GROUPS = /\d+(?:[\s./\-\u2010-\u2015\u2212]{1,3}\d+)*/gu;

/**
 * Every identity number in the text, as it reads after normalising: eleven digits standing alone
 * or made of whole neighbouring groups ("140785 16578", not the last digits of a longer number).
 */
export function findFnrNumbers(text: string): string[] {
  const found: string[] = [];
  for (const run of normaliseForScan(text).matchAll(DIGIT_GROUPS)) {
    const groups = run[0].split(/[^\d]+/);
    for (let first = 0; first < groups.length; first++) {
      let digits = '';
      for (let last = first; last < groups.length && digits.length < 11; last++) {
        digits += groups[last];
        if (digits.length === 11 && hasValidCheckDigits(digits)) found.push(digits);
      }
    }
  }
  return found;
}

export function containsFnr(text: string): boolean {
  return findFnrNumbers(text).length > 0;
}

/**
 * Whether ten digits are an identity number whose leading zero a spreadsheet dropped: a number
 * typed into a cell loses it, so 01017012345 is stored and shown as 1017012345. Only a day 01–09
 * starts with a zero, so the ten digits must start with the day's second digit, carry a month
 * as a fødselsnummer, H-number or synthetic number has it, and hold valid check digits once the
 * zero is back. A phone number with its country code (4791234567) has no such month.
 */
export function isFnrWithoutLeadingZero(digits: string): boolean {
  if (!/^[1-9]\d{9}$/.test(digits)) return false;
  const month = Number(digits.slice(1, 3));
  const plausibleMonth = [0, 40, 80].some((shift) => month - shift >= 1 && month - shift <= 12);
  return plausibleMonth && hasValidCheckDigits(`0${digits}`);
}
