import fc from 'fast-check';
import { remembered } from '../../src/kernel/remembered';

describe('remembered', () => {
  it('always gives what compute gives, however many keys it has had to forget', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.integer({ min: 0, max: 20 })), (limit, keys) => {
        const square = remembered(limit, (n: number) => n * n);
        for (const key of keys) expect(square(key)).toBe(key * key);
      }),
    );
  });

  it('computes a key it holds only once, and forgets every key at once when full', () => {
    const asked: string[] = [];
    const upper = remembered(2, (s: string) => {
      asked.push(s);
      return s.toUpperCase();
    });
    upper('a');
    upper('b');
    upper('a');
    expect(asked).toEqual(['a', 'b']);
    upper('c'); // full: a and b are forgotten
    upper('c');
    upper('a');
    expect(asked).toEqual(['a', 'b', 'c', 'a']);
  });
});
