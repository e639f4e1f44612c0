import fc from 'fast-check';
import { containsFnr, findFnrNumbers, hasValidCheckDigits, isFnrWithoutLeadingZero } from '../../src/privacy/fnr';

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
    expect(findFnrNumbers('fnr 010100 12356, se journal')).toEqual(['01010012356']);
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

// Every written form of a valid number is refused, and nothing else is.
const DIGIT_ZEROS = { ascii: 0x30, fullWidth: 0xff10, arabicIndic: 0x660, persian: 0x6f0, devanagari: 0x966 };
const inDigits = (text: string, zero: number) => text.replace(/\d/g, (d) => String.fromCodePoint(zero + Number(d)));
const INVISIBLES = ['\u200b', '\u2060', '\u00ad', '\u200d', '\ufeff', '\u200e'];
const WRITTEN_FORMS: Record<string, (n: string) => string> = {
  plain: (n) => n,
  dash: (n) => `${n.slice(0, 6)}-${n.slice(6)}`,
  dot: (n) => `${n.slice(0, 6)}.${n.slice(6)}`,
  slash: (n) => `${n.slice(0, 6)}/${n.slice(6)}`,
  tab: (n) => `${n.slice(0, 6)}\t${n.slice(6)}`,
  lineBreak: (n) => `${n.slice(0, 6)}\n${n.slice(6)}`,
  twoSpaces: (n) => `${n.slice(0, 6)}  ${n.slice(6)}`,
  dottedDate: (n) => `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)} ${n.slice(6)}`,
  threeThreeThreeTwo: (n) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 9)} ${n.slice(9)}`,
  thinSpace: (n) => `${n.slice(0, 6)}\u2009${n.slice(6)}`,
  narrowNoBreakSpace: (n) => `${n.slice(0, 6)}\u202f${n.slice(6)}`,
  enDash: (n) => `${n.slice(0, 6)} – ${n.slice(6)}`,
};

describe('every written form of an identity number', () => {
  const validNumber = fc
    .stringMatching(/^\d{9}$/)
    .map((nine) => withCheckDigits(nine))
    .filter((n): n is string => n !== undefined);
  const form = fc.constantFrom(...Object.keys(WRITTEN_FORMS));
  const digits = fc.constantFrom(...Object.values(DIGIT_ZEROS));
  const invisibles = fc.array(fc.tuple(fc.nat(14), fc.constantFrom(...INVISIBLES)), { maxLength: 4 });
  const wrapped = fc.constantFrom(['', ''], ['Pasienten ', '.'], ['fnr: ', ''], ['(', ')'], ['Kasus ', ' ble drøftet']);

  test.each(Object.entries(WRITTEN_FORMS))('%s is found', (_name, write) => {
    expect(containsFnr(`Pasienten ${write('14078516578')} ble drøftet`)).toBe(hasValidCheckDigits('14078516578'));
    expect(containsFnr(write('01010012356'))).toBe(true);
  });

  test('property: any valid number, in any written form, digits and invisible characters, is found', () => {
    fc.assert(
      fc.property(validNumber, form, digits, invisibles, wrapped, (number, name, zero, hidden, [before, after]) => {
        let written = inDigits((WRITTEN_FORMS[name] as (n: string) => string)(number), zero);
        for (const [at, character] of hidden) {
          const i = Math.min(at, written.length);
          written = `${written.slice(0, i)}${character}${written.slice(i)}`;
        }
        expect(containsFnr(`${before}${written}${after}`)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  test('property: phone numbers, organisation numbers, dates and 11-digit numbers with wrong check digits are not refused', () => {
    const eight = fc.stringMatching(/^[2-9]\d{7}$/);
    const phone = eight.chain((n) =>
      fc.constantFrom(
        n,
        `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6)}`,
        `+47 ${n}`,
        `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`,
      ),
    );
    const organisation = fc
      .stringMatching(/^[89]\d{8}$/)
      .chain((n) => fc.constantFrom(n, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`));
    const date = fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => {
      const [y, m, day] = d.toISOString().slice(0, 10).split('-');
      return `${day}.${m}.${y} kl. 12.00`;
    });
    const wrongCheckDigits = fc.stringMatching(/^\d{11}$/).filter((n) => !hasValidCheckDigits(n));
    fc.assert(
      fc.property(
        fc.oneof(phone, organisation, date, wrongCheckDigits),
        fc.oneof(phone, organisation, date),
        (a, b) => {
          expect(containsFnr(`Ring ${a} eller ${b}.`)).toBe(false);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('an identity number a spreadsheet stored as a number (its leading zero lost)', () => {
  test('ten digits that are a fødselsnummer, H- or synthetic number once the zero is back', () => {
    expect(isFnrWithoutLeadingZero('1010012356')).toBe(true);
    for (const nine of ['015190123', '015190124', '018190123', '018190124', '031285123', '031285124']) {
      const full = withCheckDigits(nine);
      if (full) expect({ full, found: isFnrWithoutLeadingZero(full.slice(1)) }).toEqual({ full, found: true });
    }
  });

  test('phone numbers with the country code, and ten digits without a month or valid check digits, pass', () => {
    expect(isFnrWithoutLeadingZero('4791234567')).toBe(false);
    expect(isFnrWithoutLeadingZero('4755000000')).toBe(false);
    expect(isFnrWithoutLeadingZero('1010012357')).toBe(false);
    expect(isFnrWithoutLeadingZero('01010012356')).toBe(false);
    expect(isFnrWithoutLeadingZero('0101001235')).toBe(false);
  });
});
