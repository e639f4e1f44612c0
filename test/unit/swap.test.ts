import fc from 'fast-check';
import { type SwapGathering, swapDuties } from '../../src/planning/swap';

const TODAY = '2027-03-01';
const gathering = (id: number, change: Partial<SwapGathering> = {}): SwapGathering => ({
  id,
  networkIds: [1],
  status: 'planned',
  startsAt: new Date('2027-04-15T10:00:00Z'),
  format: 'physical',
  hostUnitId: id * 10,
  hostLocked: false,
  presenterUnitIds: [id * 10 + 1],
  presentersLocked: false,
  caseUnitId: id * 10 + 2,
  caseLocked: false,
  version: id,
  ...change,
});
const context = { networkId: 1, today: TODAY };

test('swapping hosts exchanges them, locks them, and leaves the presenters as they were', () => {
  const result = swapDuties(gathering(1), gathering(2), 'host', context);
  expect(result.refused ? [] : result.writes).toEqual([
    {
      id: 1,
      version: 1,
      duties: {
        hostUnitId: 20,
        hostLocked: true,
        presenterUnitIds: [11],
        presentersLocked: false,
        caseUnitId: 12,
        caseLocked: false,
      },
    },
    {
      id: 2,
      version: 2,
      duties: {
        hostUnitId: 10,
        hostLocked: true,
        presenterUnitIds: [21],
        presentersLocked: false,
        caseUnitId: 22,
        caseLocked: false,
      },
    },
  ]);
});

test('swapping the case exchanges the units that bring it, locks them, and leaves the rest', () => {
  const result = swapDuties(gathering(1), gathering(2), 'case', context);
  expect(result.refused ? [] : result.writes.map((w) => w.duties)).toEqual([
    expect.objectContaining({ caseUnitId: 22, caseLocked: true, hostUnitId: 10, presenterUnitIds: [11] }),
    expect.objectContaining({ caseUnitId: 12, caseLocked: true, hostUnitId: 20, presenterUnitIds: [21] }),
  ]);
});

test('a gathering of another network, a cancelled one, one whose day has come, or the same one twice is refused', () => {
  const refused = { refused: { field: 'second', message: 'planning.errors.swapChoice' } };
  expect(swapDuties(gathering(1), gathering(2, { networkIds: [9] }), 'host', context)).toEqual(refused);
  expect(swapDuties(gathering(1), gathering(2, { status: 'cancelled' }), 'host', context)).toEqual(refused);
  expect(
    swapDuties(gathering(1, { startsAt: new Date('2027-03-01T10:00:00Z') }), gathering(2), 'host', context),
  ).toEqual(refused);
  expect(swapDuties(gathering(1), gathering(1), 'presenter', context)).toEqual(refused);
  expect(swapDuties(undefined, gathering(2), 'presenter', context)).toEqual(refused);
});

test('hosts are never swapped into or out of a digital gathering; presenters are', () => {
  const digital = gathering(2, { format: 'digital', hostUnitId: null });
  expect(swapDuties(gathering(1), digital, 'host', context).refused?.field).toBe('duty');
  expect(swapDuties(gathering(1), digital, 'presenter', context).refused).toBeUndefined();
});

test('swapping the same duty twice gives every unit its duty back', () => {
  const duties = fc.record({
    hostUnitId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    presenterUnitIds: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
    caseUnitId: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
  });
  fc.assert(
    fc.property(
      duties,
      duties,
      fc.constantFrom('host' as const, 'presenter' as const, 'case' as const),
      (x, y, duty) => {
        const once = swapDuties(gathering(1, x), gathering(2, y), duty, context);
        if (once.refused) throw new Error('refused');
        const [a, b] = once.writes.map((w) => w.duties) as [SwapGathering, SwapGathering];
        const twice = swapDuties(gathering(1, a), gathering(2, b), duty, context);
        if (twice.refused) throw new Error('refused');
        const [a2, b2] = twice.writes.map((w) => w.duties);
        expect([
          a2?.hostUnitId,
          a2?.presenterUnitIds,
          a2?.caseUnitId,
          b2?.hostUnitId,
          b2?.presenterUnitIds,
          b2?.caseUnitId,
        ]).toEqual([x.hostUnitId, x.presenterUnitIds, x.caseUnitId, y.hostUnitId, y.presenterUnitIds, y.caseUnitId]);
      },
    ),
  );
});
