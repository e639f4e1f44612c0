import { dependencyOrder } from '../../src/db/backupSchema';

// A restore copies parents before the tables that reference them (src/db/backupSchema.ts).

test('every table comes after the tables it references; ties by name', () => {
  const order = dependencyOrder(
    ['attendances', 'gatherings', 'participants', 'regions', 'units'],
    [
      { child: 'attendances', parent: 'gatherings' },
      { child: 'attendances', parent: 'participants' },
      { child: 'participants', parent: 'units' },
      { child: 'units', parent: 'regions' },
    ],
  );
  expect(order).toEqual(['gatherings', 'regions', 'units', 'participants', 'attendances']);
});

test('a cycle of references between tables is refused, naming them', () => {
  expect(() =>
    dependencyOrder(
      ['a', 'b', 'c'],
      [
        { child: 'a', parent: 'b' },
        { child: 'b', parent: 'a' },
      ],
    ),
  ).toThrow(/a, b/);
});
