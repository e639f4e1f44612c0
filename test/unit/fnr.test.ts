import fc from 'fast-check';
import { containsFnr, findFnrNumbers, hasValidCheckDigits } from '../../src/privacy/fnr';

// Computes valid check digits for nine digits, so tests can build numbers of every variant.
function withCheckDigits(nine: string): string | undefined {
  const d = [...nine].map(Number);
  const k1raw = 11 - ([3, 7, 6, 1, 8, 9, 4, 5, 2].reduce((s, w, i) => s + w * (d[i] as number), 0) % 11);
  const k1 = k1raw === 11 ? 0 : k1raw;
  if (k1 === 10) return undefined;
  const ten = [...d, k1];
  const k2raw = 11 - ([5, 4, 3, 2, 7, 6, 5, 4, 3, 2].reduce((s, w, i) => s + w * (ten[i] as number), 0) % 11);
  const k2 = k2raw === 11 ? 0 : k2raw;
  if (k2 === 10) return undefined;
  return `${nine}${k1}${k2}`;
}

describe('identity number detector', () => {
  test('a known valid fødselsnummer is found, alone or in text', () => {
    // 01010012356 is a commonly used synthetic example with valid check digits.
    expect(hasValidCheckDigits('01010012356')).toBe(true);
    expect(findFnrNumbers('Pasienten (01010012356) ble henvist')).toEqual(['01010012356']);
  });

  test('with a space after the date part', () => {
    expect(findFnrNumbers('fnr 010100 12356, se journal')).toEqual(['010100 12356']);
  });

  test('D-numbers, H-numbers and synthetic numbers are caught too', () => {
    const dNumber = withCheckDigits('410190123') ?? withCheckDigits('410190124');
    const hNumber = withCheckDigits('015190123') ?? withCheckDigits('015190124');
    const synthetic = withCheckDigits('018190123') ?? withCheckDigits('018190124');
    for (const number of [dNumber, hNumber, synthetic]) {
      expect(number).toBeDefined();
      expect(containsFnr(`Kasus: ${number as string}.`)).toBe(true);
    }
  });

  test('numbers with a wrong check digit pass: phone numbers, order numbers', () => {
    expect(containsFnr('01010012357')).toBe(false);
    expect(containsFnr('Ring 55 97 50 00 eller 91234567')).toBe(false);
    expect(containsFnr('Ordrenummer 12345678901')).toBe(hasValidCheckDigits('12345678901'));
  });

  test('longer digit runs are not split into a match', () => {
    expect(findFnrNumbers('0101001235612')).toEqual([]);
    expect(findFnrNumbers('9010100123569')).toEqual([]);
  });

  test('property: a random 11-digit string is flagged exactly when its check digits are valid', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), fc.boolean(), (digits, spaced) => {
        const written = spaced ? `${digits.slice(0, 6)} ${digits.slice(6)}` : digits;
        const valid = withCheckDigits(digits.slice(0, 9)) === digits;
        expect(containsFnr(`Tekst ${written} tekst`)).toBe(valid);
      }),
      { numRuns: 2000 },
    );
  });

  test('property: every number built with valid check digits is flagged anywhere in text', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.string(), fc.string(), (nine, before, after) => {
        const number = withCheckDigits(nine);
        fc.pre(number !== undefined);
        expect(containsFnr(`${before.replace(/\d/g, '')} ${number as string} ${after.replace(/\d/g, '')}`)).toBe(true);
      }),
    );
  });
});
