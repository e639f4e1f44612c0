import fc from 'fast-check';
import { regionClashes, type RegionGathering } from '../../src/planning/clashes';

const g = (id: number, date: string, sectorId: number, hostUnitId: number | null = null): RegionGathering => ({
  id,
  date,
  sectorId,
  hostUnitId,
});

test('two gatherings on one day in one sector clash; in two sectors they do not', () => {
  expect([...regionClashes([g(1, '2027-03-11', 1), g(2, '2027-03-11', 1), g(3, '2027-03-11', 2)])]).toEqual([1, 2]);
});

test('one unit hosting two gatherings on one day clashes across sectors', () => {
  expect(regionClashes([g(1, '2027-03-11', 1, 7), g(2, '2027-03-11', 2, 7), g(3, '2027-03-12', 2, 7)])).toEqual(
    new Set([1, 2]),
  );
});

test('a joint fagdag, listed once per network, never clashes with itself', () => {
  expect(regionClashes([g(1, '2027-03-11', 1, 7), g(1, '2027-03-11', 1, 7), g(1, '2027-03-11', 2, 7)]).size).toBe(0);
});

test('a gathering clashes exactly when another one shares its day and its sector or its host', () => {
  const gathering = fc.record({
    id: fc.integer({ min: 1, max: 12 }),
    date: fc.constantFrom('2027-03-11', '2027-03-12', '2027-03-13'),
    sectorId: fc.integer({ min: 1, max: 3 }),
    hostUnitId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  });
  fc.assert(
    fc.property(fc.array(gathering, { maxLength: 30 }), (rows) => {
      const clashes = regionClashes(rows);
      for (const a of rows) {
        const expected = rows.some(
          (b) =>
            b.id !== a.id &&
            b.date === a.date &&
            (b.sectorId === a.sectorId || (a.hostUnitId !== null && b.hostUnitId === a.hostUnitId)),
        );
        expect(clashes.has(a.id) || !expected).toBe(true);
        if (!rows.some((b) => b.id === a.id && b !== a)) expect(clashes.has(a.id)).toBe(expected);
      }
    }),
  );
});
