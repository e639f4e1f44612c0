import fc from 'fast-check';
import type { Reader } from '../../src/auditLog/changeLines';
import type { AuditEntry, Names } from '../../src/audit/references';
import { referencesOf } from '../../src/audit/references';
import { describeEntry, gatheringPhrase } from '../../src/auditLog/sentences';
import { catalogues, type Language, translator } from '../../src/kernel/i18n';

const LIV = 1;
const KARI = 2;
const NINA = 3;
const ANNA = 4;
const EVA = 5;
const GATHERING = 57;
const FAGDAG = 58;
const NETWORK = 7;

const names = (): Names => ({
  participants: new Map([
    [LIV, { name: 'Liv Leder', erased: false }],
    [KARI, { name: 'Kari Korus', erased: false }],
    [NINA, { name: 'Nina Ny', erased: false }],
    [ANNA, { name: 'Anna Berg', erased: false }],
    // The database holds no name for an erased person; the log must not show one either.
    [EVA, { name: 'Sletta person', erased: true }],
  ]),
  units: new Map([[11, 'Bergen kommune – Oppfølging']]),
  networks: new Map([[NETWORK, 'ROP-nettverk Bjørgvin DPS']]),
  gatherings: new Map([
    [GATHERING, { startsAt: new Date('2027-03-12T11:00:00Z'), networkNames: ['ROP-nettverk Bjørgvin DPS'] }],
    [FAGDAG, { startsAt: new Date('2027-06-03T07:00:00Z'), networkNames: ['ROP-nettverk A', 'ROP-nettverk B'] }],
  ]),
  regions: new Map([[21, 'Vest']]),
  sectors: new Map([[31, 'Bjørgvin DPS']]),
});

const reader = (language: Language = 'nb'): Reader => ({ t: translator(language), language, names: names() });

const entry = (fields: Partial<AuditEntry>): AuditEntry => ({
  actorId: LIV,
  actorName: 'Liv Leder',
  action: 'update',
  entityType: 'gatherings',
  entityId: GATHERING,
  changes: {},
  ...fields,
});

const sentence = (e: AuditEntry, language: Language = 'nb') =>
  describeEntry(e, reader(language))
    .parts.map((part) => part.text)
    .join('');
const lines = (e: AuditEntry, language: Language = 'nb') =>
  describeEntry(e, reader(language)).lines.map((l) =>
    l.before ? `${l.label}: ${l.before} → ${l.after}` : `${l.label}: ${l.after}`,
  );

const moved = entry({
  changes: { date: { before: '2027-03-12', after: '2027-03-19' }, venue: { before: '', after: 'Møterom 1' } },
});
const standIn = entry({
  action: 'nameStandIn',
  changes: {
    standIn: {
      before: { forParticipantId: ANNA, participantId: null },
      after: { forParticipantId: ANNA, participantId: NINA },
    },
  },
});

describe('an audit entry as a sentence', () => {
  test('a gathering change names the gathering by its date and network, links to it, and lists the fields', () => {
    expect(sentence(moved)).toBe('Liv Leder endret samlingen 12. mars 2027 i ROP-nettverk Bjørgvin DPS');
    expect(describeEntry(moved, reader()).parts).toContainEqual({
      text: 'samlingen 12. mars 2027 i ROP-nettverk Bjørgvin DPS',
      href: `/gatherings/${GATHERING}`,
    });
    expect(lines(moved)).toEqual(['Dato: 12. mars 2027 → 19. mars 2027', 'Sted: – → Møterom 1']);
    expect(sentence(moved, 'nn')).toBe('Liv Leder endra samlinga 12. mars 2027 i ROP-nettverk Bjørgvin DPS');
  });

  test('a joint fagdag is named as one, and what was created is listed without a before', () => {
    const created = entry({
      actorId: KARI,
      action: 'createFagdag',
      entityId: FAGDAG,
      changes: { topic: { before: null, after: 'Rus og psykisk helse' }, hostUnitId: { before: null, after: 11 } },
    });
    expect(sentence(created)).toBe('Kari Korus opprettet felles fagdag 3. juni 2027');
    expect(lines(created)).toEqual(['Tema: Rus og psykisk helse', 'Vertskap: Bergen kommune – Oppfølging']);
  });

  test('a stand-in names both people, never as [object Object]', () => {
    expect(sentence(standIn)).toBe(
      'Liv Leder meldte Nina Ny som stedfortreder for Anna Berg (samlingen 12. mars 2027 i ROP-nettverk Bjørgvin DPS)',
    );
    expect(lines(standIn)).toEqual(['Stedfortreder: – → Nina Ny']);
    expect(sentence(standIn, 'nn')).toBe(
      'Liv Leder melde Nina Ny som stadfortredar for Anna Berg (samlinga 12. mars 2027 i ROP-nettverk Bjørgvin DPS)',
    );
  });

  test('an erased person is "Sletta person" in both bokmål and nynorsk, and their old details are not shown', () => {
    const byErased = entry({ ...standIn, actorId: EVA, actorName: 'Eva Sletting' });
    expect(sentence(byErased)).toMatch(/^Sletta person meldte/);
    expect(sentence(byErased, 'nn')).toMatch(/^Sletta person melde/);
    const aboutErased = entry({
      entityType: 'participants',
      entityId: EVA,
      changes: { name: { before: 'Eva Sletting', after: 'Eva Sletting Berg' } },
    });
    expect(sentence(aboutErased)).toBe('Liv Leder endret deltakeren Sletta person');
    expect(describeEntry(aboutErased, reader()).lines).toEqual([]);
    const standInErased = entry({
      ...standIn,
      changes: { standIn: { before: null, after: { forParticipantId: EVA, participantId: NINA } } },
    });
    expect(sentence(standInErased, 'nn')).toContain('som stadfortredar for Sletta person');
  });

  test('a member whose role changed is named from `about`, and only the role is listed', () => {
    const role = entry({
      action: 'changeRole',
      entityType: 'networks',
      entityId: NETWORK,
      changes: {
        participantId: { before: ANNA, after: ANNA },
        role: { before: 'participant', after: 'leader' },
      },
    });
    expect(sentence(role)).toBe('Liv Leder endret rollen til Anna Berg i nettverket ROP-nettverk Bjørgvin DPS');
    expect(lines(role)).toEqual(['Rolle: Fast deltaker → Nettverksleder']);
    expect(describeEntry(role, reader()).parts).toContainEqual({
      text: 'nettverket ROP-nettverk Bjørgvin DPS',
      href: `/networks/${NETWORK}`,
    });
  });

  test('a removed draft is named by its date, without a link; an unknown action still reads as a sentence', () => {
    const removed = entry({
      action: 'removeDraft',
      entityId: 99,
      changes: { date: { before: '2027-03-12', after: '2027-03-12' } },
    });
    expect(describeEntry(removed, reader()).parts).toEqual([
      { text: 'Liv Leder' },
      { text: ' fjernet utkastet til ' },
      { text: 'samlingen 12. mars 2027' },
    ]);
    expect(sentence(entry({ action: 'somethingNew', entityType: 'units', entityId: 404 }))).toBe(
      'Liv Leder gjorde en endring i enhet (finnes ikke lenger)',
    );
    expect(sentence(entry({ action: 'somethingNew', entityType: 'things', entityId: 1 }), 'nn')).toBe(
      'Liv Leder gjorde ei endring i eit ukjent element',
    );
  });

  test('choices, lists, periods and yes/no read as words', () => {
    const settings = entry({
      entityType: 'networks',
      entityId: NETWORK,
      changes: {
        preferredWeekdays: { before: [2], after: [2, 3] },
        blockedPeriods: { before: [], after: [{ from: '2027-02-22', to: '2027-02-26' }] },
        otherFormat: { before: 'physical', after: 'digital' },
        archived: { before: false, after: true },
      },
    });
    expect(lines(settings, 'nn')).toEqual([
      'Vekedagar som passar: tysdag → tysdag, onsdag',
      'Periodar utan samlingar: – → 22. februar 2027 – 26. februar 2027',
      'Oppmøte på dei andre samlingane: Fysisk → Digitalt',
      'Arkivert: Nei → Ja',
    ]);
  });

  test('the filter names its gathering; the ids an entry refers to are collected by table', () => {
    expect(gatheringPhrase(FAGDAG, reader('nn'))).toEqual({
      text: 'felles fagdag 3. juni 2027',
      href: `/gatherings/${FAGDAG}`,
    });
    const references = referencesOf([
      standIn,
      moved,
      entry({ actorId: null, entityType: 'sector_indicators', entityId: 31 }),
    ]);
    expect([...references.participants].sort()).toEqual([LIV, NINA, ANNA].sort());
    expect([...references.gatherings]).toEqual([GATHERING]);
    expect([...references.sectors]).toEqual([31]);
  });
});

// Words that never belong in a rendered entry: an object printed as such, a missing value, a raw key.
const FORBIDDEN = /\[object Object\]|undefined|audit\./;
const safeText = fc.oneof(
  fc.string({ maxLength: 12 }).filter((text) => !FORBIDDEN.test(text)),
  // Keys every object has: read from data, they must not reach Object.prototype.
  fc.constantFrom('constructor', 'valueOf', 'toString', '__proto__', 'hasOwnProperty'),
);
const KNOWN_FIELDS = [
  ...Object.keys(catalogues.nb.audit as Record<string, Record<string, unknown>>).flatMap((group) =>
    group === 'fields' || group === 'nestedFields'
      ? Object.keys((catalogues.nb.audit as Record<string, Record<string, unknown>>)[group] ?? {})
      : [],
  ),
  'filters',
];
const ACTIONS = Object.keys((catalogues.nb.audit as { sentences: Record<string, string> }).sentences);
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.integer({ min: -2, max: 70 }),
    safeText,
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('2027-03-12', 'leader', 'digital', '2'),
  ),
  tree: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('tree'), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KNOWN_FIELDS), safeText), tie('tree'), { maxKeys: 3 }),
  ),
})).tree;
const arbitraryEntry = fc.record({
  actorId: fc.option(fc.integer({ min: 1, max: 8 })),
  actorName: safeText,
  action: fc.oneof(fc.constantFrom(...ACTIONS), safeText),
  entityType: fc.oneof(
    fc.constantFrom(
      'gatherings',
      'networks',
      'participants',
      'units',
      'regions',
      'sectors',
      'sector_indicators',
      'overview',
    ),
    safeText,
  ),
  entityId: fc.option(
    fc.oneof(fc.constantFrom(GATHERING, FAGDAG, NETWORK, EVA, 11, 21, 31), fc.integer({ min: 1, max: 99 })),
  ),
  changes: fc.dictionary(
    fc.oneof(fc.constantFrom(...KNOWN_FIELDS), safeText),
    fc.record({ before: value, after: value }),
    { maxKeys: 5 },
  ),
});

test('no rendered entry contains [object Object], undefined or a raw key, in either language', () => {
  fc.assert(
    fc.property(arbitraryEntry, fc.constantFrom<Language>('nb', 'nn'), (e, language) => {
      const { parts, lines: changed } = describeEntry(e, reader(language));
      const text = [...parts.map((p) => p.text), ...changed.flatMap((l) => [l.label, l.before ?? '', l.after])].join(
        '\n',
      );
      expect(text).not.toMatch(FORBIDDEN);
      expect(parts.length).toBeGreaterThan(0);
    }),
    { numRuns: 500 },
  );
});

test('nothing recorded about an erased person is shown, whatever the entry holds', () => {
  fc.assert(
    fc.property(arbitraryEntry, (e) => {
      const about = {
        ...e,
        entityType: 'participants',
        entityId: EVA,
        changes: { ...e.changes, name: { before: 'Eva Sletting', after: null } },
      };
      const { parts, lines: changed } = describeEntry(about, reader());
      expect(JSON.stringify({ parts, changed })).not.toContain('Eva Sletting');
    }),
    { numRuns: 200 },
  );
});
