// Norwegian national identity numbers (fødselsnummer) and their variants: D-numbers (day + 40),
// H-numbers (month + 40) and synthetic test numbers (month + 80) share the same two mod-11 check
// digits, so the check digits alone decide (domain.md, "Privacy"). A valid pair by chance is
// rare (about 1 in 120 for random digits), so ordinary numbers such as phone numbers pass.

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

// Eleven digits standing alone, optionally with a space after the six-digit date part ("010190 12345").
const CANDIDATE = /(?<!\d)(\d{6})[ \u00a0]?(\d{5})(?!\d)/g;

/** Every identity-number-like sequence in the text, as written. */
export function findFnrNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    if (hasValidCheckDigits(`${match[1]}${match[2]}`)) found.push(match[0]);
  }
  return found;
}

export function containsFnr(text: string): boolean {
  return findFnrNumbers(text).length > 0;
}
