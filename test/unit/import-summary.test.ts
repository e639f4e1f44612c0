import { translator } from '../../src/kernel/i18n';
import { summaryText } from '../../src/imports/preview';

const counts = (n: number) => ({
  rows: n,
  newPeople: n,
  updatedPeople: n,
  newUnits: n,
  newMemberships: n,
  refused: n,
});

test('the import summary says "1 ny person", not "1 nye personer", in both written forms', () => {
  expect(summaryText(translator('nb'), counts(1))).toBe(
    '1 rad: 1 ny person, 1 oppdateres, 1 ny enhet, 1 nytt medlem, 1 avvist.',
  );
  expect(summaryText(translator('nb'), counts(2))).toBe(
    '2 rader: 2 nye personer, 2 oppdateres, 2 nye enheter, 2 nye medlemmer, 2 avvist.',
  );
  expect(summaryText(translator('nn'), counts(1))).toBe(
    '1 rad: 1 ny person, 1 blir oppdatert, 1 ny eining, 1 nytt medlem, 1 avvist.',
  );
  expect(summaryText(translator('nn'), counts(0))).toBe(
    '0 rader: 0 nye personar, 0 blir oppdaterte, 0 nye einingar, 0 nye medlemmer, 0 avviste.',
  );
});
