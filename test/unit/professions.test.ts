import fc from 'fast-check';
import { professionOf } from '../../src/participants/professions';
import { PROFESSIONS } from '../../src/participants/schema';

test('a profession written freely is read in bokmål and nynorsk, whatever its case; anything else is "other"', () => {
  expect(professionOf('Sykepleier')).toBe('nurse');
  expect(professionOf('  sjukepleiar ')).toBe('nurse');
  expect(professionOf('PSYKOLOG')).toBe('psychologist');
  expect(professionOf('NAV-veileder')).toBe('navAdviser');
  expect(professionOf('Prest')).toBe('other');
  expect(professionOf('  ')).toBeUndefined();
});

test('property: every text gives a known profession or none', () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      const code = professionOf(text);
      expect(code === undefined || (PROFESSIONS as readonly string[]).includes(code)).toBe(true);
    }),
  );
});
