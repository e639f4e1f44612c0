import fc from 'fast-check';
import type { Actor } from '../../src/access/actor';
import { canLeadMinutes, canWriteMinutes } from '../../src/access/policy';
import { actionForm, minutesForm } from '../../src/minutes/schema';
import {
  changedSections,
  followUpLines,
  hasContent,
  MINUTES_SECTIONS,
  responsibleOf,
  type MinutesSnapshot,
} from '../../src/minutes/snapshot';

const minutes = (overrides: Partial<MinutesSnapshot> = {}): MinutesSnapshot => ({
  discussion: 'Samhandling om utskriving',
  caseSummary: '',
  nextQuestions: '',
  noteTaker: 'Rita Referent',
  actions: [{ what: 'Lage rutine', responsible: 'Liv', dueOn: '2031-05-01', closed: false }],
  ...overrides,
});

describe('published minutes', () => {
  test('a first publication is all new; a later one names only the parts that changed', () => {
    expect(changedSections(undefined, minutes())).toEqual([...MINUTES_SECTIONS]);
    expect(changedSections(minutes(), minutes())).toEqual([]);
    expect(changedSections(minutes(), minutes({ discussion: 'Annet' }))).toEqual(['discussion']);
    const closed = minutes({
      actions: [{ what: 'Lage rutine', responsible: 'Liv', dueOn: '2031-05-01', closed: true }],
    });
    expect(changedSections(minutes(), closed)).toEqual(['actions']);
  });

  test('a version read back from jsonb, keys in another order, is no change', () => {
    const text = fc.string({ maxLength: 20 });
    const snapshot = fc.record({
      discussion: text,
      caseSummary: text,
      nextQuestions: text,
      noteTaker: text,
      actions: fc.array(
        fc.record({ what: text, responsible: text, dueOn: fc.option(text, { nil: null }), closed: fc.boolean() }),
        { maxLength: 4 },
      ),
    });
    fc.assert(
      fc.property(snapshot, (s) => {
        const reordered = JSON.parse(
          JSON.stringify(Object.fromEntries(Object.entries(s).reverse())),
        ) as MinutesSnapshot;
        return changedSections(s, reordered).length === 0;
      }),
    );
  });

  test('there is something to publish once anything is written or agreed', () => {
    const empty = minutes({ discussion: '', noteTaker: '', actions: [] });
    expect(hasContent(empty)).toBe(false);
    expect(hasContent({ ...empty, nextQuestions: 'Neste gang?' })).toBe(true);
    expect(hasContent(minutes({ discussion: '' }))).toBe(true);
  });

  test('an action names its unit with the organisation, then the person', () => {
    expect(
      responsibleOf({
        responsibleUnitName: 'Rustenesten',
        responsibleOrganisation: 'Øygarden kommune',
        responsiblePerson: 'Liv',
      }),
    ).toBe('Øygarden kommune – Rustenesten, Liv');
    expect(responsibleOf({ responsibleUnitName: null, responsibleOrganisation: null, responsiblePerson: 'Liv' })).toBe(
      'Liv',
    );
  });

  test('the follow-up item lists each open action with who and by when', () => {
    expect(
      followUpLines([
        { what: 'Lage rutine', responsible: 'Liv', dueText: '1. mai 2031' },
        { what: 'Invitere NAV', responsible: '', dueText: null },
      ]),
    ).toBe('• Lage rutine – Liv – 1. mai 2031\n• Invitere NAV');
  });
});

describe('the minutes forms', () => {
  test('a case is kept only when confirmed anonymised', () => {
    const base = { discussion: '', nextQuestions: '', version: '0' };
    expect(minutesForm.safeParse({ ...base, caseSummary: 'Mann i 40-årene' }).success).toBe(false);
    expect(
      minutesForm.safeParse({ ...base, caseSummary: 'Mann i 40-årene', caseAnonymisedConfirmed: 'on' }).success,
    ).toBe(true);
    expect(minutesForm.safeParse({ ...base, caseSummary: '' }).success).toBe(true);
  });

  test('an identity number is refused in every text, and an action needs someone responsible', () => {
    for (const field of ['discussion', 'caseSummary', 'nextQuestions'])
      expect(
        minutesForm.safeParse({ version: '0', caseAnonymisedConfirmed: 'on', [field]: 'født 01010012356' }).success,
      ).toBe(false);
    expect(actionForm.safeParse({ what: 'Rutine 01010012356', responsiblePerson: 'Liv' }).success).toBe(false);
    expect(actionForm.safeParse({ what: 'Rutine', responsiblePerson: '01010012356' }).success).toBe(false);
    expect(actionForm.safeParse({ what: 'Rutine' }).success).toBe(false);
    expect(actionForm.safeParse({ what: 'Rutine', responsibleUnitId: '3' }).success).toBe(true);
  });
});

describe('who writes the minutes', () => {
  const actor = (overrides: Partial<Actor>): Actor =>
    ({
      id: 1,
      name: 'X',
      email: 'x@example',
      korusAll: false,
      korusRegionIds: [],
      networks: new Map(),
      ...overrides,
    }) as Actor;
  const network = { id: 10, regionId: 5 };
  const member = (role: string) =>
    actor({ networks: new Map([[10, { role, regionId: 5 }]]) } as unknown as Partial<Actor>);

  test('the leader and KORUS of the region lead them; the working group and members do not', () => {
    expect(canLeadMinutes(member('leader'), [network])).toBe(true);
    expect(canLeadMinutes(actor({ korusRegionIds: [5] }), [network])).toBe(true);
    expect(canLeadMinutes(actor({ korusRegionIds: [6] }), [network])).toBe(false);
    expect(canLeadMinutes(member('workingGroup'), [network])).toBe(false);
    expect(canLeadMinutes(member('participant'), [network])).toBe(false);
  });

  test('the chosen note-taker writes them too, for that gathering only', () => {
    expect(canWriteMinutes(member('participant'), [network], 1)).toBe(true);
    expect(canWriteMinutes(member('participant'), [network], 2)).toBe(false);
    expect(canWriteMinutes(member('participant'), [network], null)).toBe(false);
  });
});
