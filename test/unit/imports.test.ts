import iconv from 'iconv-lite';
import { chosenMapping, proposeMapping } from '../../src/imports/mapping';
import { type ExistingPerson, planRows, REMOVED_CELL, summarise, withoutIdentityNumbers } from '../../src/imports/plan';
import { CHOICE_LABELS } from '../../src/imports/preview';
import { importCrontab } from '../../src/imports/tasks';
import { cellText, decodeText, detectDelimiter, readSpreadsheet, SpreadsheetError } from '../../src/imports/read';

describe('proposing the columns', () => {
  test('Norwegian and English header names, written any way', () => {
    expect(
      proposeMapping([
        'Navn',
        'E-post',
        'Tlf',
        'Virksomhet',
        'Enhet',
        'Profesjon',
        'Tjenestetype',
        'Rolle',
        'Målform',
        'Kommentar',
      ]),
    ).toEqual([
      'name',
      'email',
      'phone',
      'organisation',
      'unit',
      'profession',
      'serviceType',
      'role',
      'language',
      undefined,
    ]);
    expect(proposeMapping(['Name', 'EMAIL', 'phone', 'Unit', 'Service type', 'Language', 'epost'])).toEqual([
      'name',
      'email',
      'phone',
      'unit',
      'serviceType',
      'language',
      undefined,
    ]);
    expect(proposeMapping(['e post', 'Yrke', 'Språk'])).toEqual(['email', 'profession', 'language']);
  });

  test('a chosen mapping keeps the first column for a field chosen twice, and ignores what is not a field', () => {
    expect(chosenMapping(['name', 'name', 'evil', '', 'email'], 5)).toEqual([
      'name',
      undefined,
      undefined,
      undefined,
      'email',
    ]);
  });
});

test('an .xlsx cell as text: a formula as its saved result (never evaluated), a hyperlink as its text, a date as a day', () => {
  expect(cellText({ formula: 'NOW()', result: 'lagret verdi' } as never)).toBe('lagret verdi');
  expect(cellText({ formula: 'A1*2' } as never)).toBe('');
  expect(
    cellText({
      text: { richText: [{ text: 'kari@' }, { text: 'x.example' }] },
      hyperlink: 'mailto:kari@x.example',
    } as never),
  ).toBe('kari@x.example');
  expect(cellText(new Date('2026-03-04T00:00:00Z'))).toBe('2026-03-04');
  expect(cellText(91234567)).toBe('91234567');
  expect(cellText({ error: '#REF!' } as never)).toBe('');
});

describe('reading CSV', () => {
  test('UTF-8 with and without a BOM, and Windows-1252, all read as the same letters', () => {
    const text = 'Navn;Enhet\r\nÅse Ærlig;Psykisk helse\r\n';
    expect(decodeText(Buffer.from(text))).toBe(text);
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeText(iconv.encode(text, 'win1252'))).toBe(text);
  });

  test('semicolons, commas or tabs, by the header line', () => {
    expect(detectDelimiter('Navn;E-post,x\n')).toBe(';');
    expect(detectDelimiter('Name,Email\n')).toBe(',');
    expect(detectDelimiter('Name\tEmail\n')).toBe('\t');
  });

  test('quoted cells with the delimiter and line breaks; blank rows dropped; rows padded to the header', async () => {
    const sheet = await readSpreadsheet(Buffer.from('Navn;Kommentar;X\n"Hansen; Per";"to\nlinjer"\n;;\n'));
    expect(sheet).toEqual({ headers: ['Navn', 'Kommentar', 'X'], rows: [['Hansen; Per', 'to\nlinjer', '']] });
  });

  test('binary, empty and header-only files are refused', async () => {
    await expect(readSpreadsheet(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 1]))).rejects.toEqual(
      new SpreadsheetError('notSpreadsheet'),
    );
    await expect(readSpreadsheet(Buffer.alloc(0))).rejects.toEqual(new SpreadsheetError('empty'));
    await expect(readSpreadsheet(Buffer.from('Navn;E-post\n'))).rejects.toEqual(new SpreadsheetError('empty'));
  });
});

describe('deciding each row', () => {
  const headers = ['Navn', 'E-post', 'Virksomhet', 'Enhet', 'Tjenestetype', 'Rolle', 'Kommentar'];
  const mapping = proposeMapping(headers);
  const regionScope = { kind: 'region' as const, regionId: 1 };
  const networkScope = { kind: 'network' as const, networkId: 7, regionId: 1 };
  const units = [{ id: 10, organisation: 'Stord kommune', name: 'Rus', archived: false, inNetwork: false }];
  const person = (over: Partial<ExistingPerson> = {}): ExistingPerson => ({
    id: 5,
    email: 'kari@x.example',
    name: 'Kari',
    phone: '',
    unitId: 10,
    profession: 'nurse',
    language: 'nb',
    regionId: 1,
    archived: false,
    mayEdit: true,
    isMember: false,
    ...over,
  });
  const plan = (
    rows: string[][],
    people: ExistingPerson[] = [],
    scope: typeof regionScope | typeof networkScope = regionScope,
  ) =>
    planRows({
      scope,
      headers,
      rows,
      mapping,
      labels: CHOICE_LABELS,
      units,
      people: new Map(people.map((p) => [p.email, p])),
    });

  test('a new unit is made by its first row and reused by later ones; a unit is matched case-insensitively', () => {
    const plans = plan([
      ['Per', 'per@x.example', 'Fitjar kommune', 'Helse', 'Kommune', '', ''],
      ['Pål', 'pal@x.example', 'FITJAR KOMMUNE', 'helse', '', '', ''],
      ['Ola', 'ola@x.example', 'stord kommune', 'rus', '', '', ''],
    ]);
    expect(plans[0]).toMatchObject({
      unit: { kind: 'created', serviceType: 'municipal', firstLine: 2 },
      person: { kind: 'new' },
    });
    expect(plans[1]).toMatchObject({ unit: { kind: 'created', firstLine: 2 } });
    expect(plans[2]).toMatchObject({ unit: { kind: 'matched', id: 10 } });
    expect(summarise(plans)).toMatchObject({ rows: 3, newPeople: 3, newUnits: 1, refused: 0 });
  });

  test('the same person again is unchanged; a changed name is an update; the same address twice in a file is refused', () => {
    const plans = plan(
      [
        ['Kari', 'KARI@x.example', 'Stord kommune', 'Rus', '', '', ''],
        ['Kari Ny', 'kari@x.example', '', '', '', '', ''],
      ],
      [person()],
    );
    expect(plans[0]).toMatchObject({ person: { kind: 'unchanged', id: 5 }, unit: { kind: 'matched' } });
    expect(plans[1]).toMatchObject({ refused: [{ messageKey: 'imports.reasons.sameEmail' }] });
    expect(plan([['Kari Ny', 'kari@x.example', '', '', '', '', '']], [person()])[0]).toMatchObject({
      person: { kind: 'update', changes: { name: 'Kari Ny' } },
    });
  });

  test('refusals: someone the actor may not edit, archived, in another region; a new person without a unit; an unknown unit without a service type', () => {
    const reasonOf = (rows: string[][], people: ExistingPerson[] = []) =>
      plan(rows, people)[0]?.refused?.[0]?.messageKey;
    expect(reasonOf([['Ny', 'kari@x.example', '', '', '', '', '']], [person({ mayEdit: false })])).toBe(
      'imports.reasons.mayNotEdit',
    );
    expect(reasonOf([['Kari', 'kari@x.example', '', '', '', '', '']], [person({ archived: true })])).toBe(
      'imports.reasons.archived',
    );
    expect(reasonOf([['Kari', 'kari@x.example', '', '', '', '', '']], [person({ regionId: 2 })])).toBe(
      'imports.reasons.otherRegion',
    );
    expect(reasonOf([['Ny', 'ny@x.example', '', '', '', '', '']])).toBe('imports.reasons.unitMissing');
    expect(reasonOf([['Ny', 'ny@x.example', 'Ukjent', 'Enhet', '', '', '']])).toBe('imports.reasons.serviceType');
  });

  test("every cell passes the forms' rules: a fødselsnummer in a comment column, control characters, a bad address", () => {
    const sheet = withoutIdentityNumbers({
      headers,
      rows: [['Per', 'per@x.example', 'Stord kommune', 'Rus', '', '', 'født 010100 12356']],
    });
    expect(sheet.rows[0]?.[6]).toBe(REMOVED_CELL);
    expect(plan(sheet.rows)[0]).toEqual({ line: 2, refused: [{ column: 'Kommentar', messageKey: 'errors.fnr' }] });
    expect(plan([['Per\u0007', 'per@x.example', 'Stord kommune', 'Rus', '', '', '']])[0]?.refused).toEqual([
      { column: 'Navn', messageKey: 'errors.controlCharacters' },
    ]);
    expect(plan([['Per', 'ikke-epost', 'Stord kommune', 'Rus', '', '', '']])[0]?.refused).toEqual([
      { column: 'E-post', messageKey: 'errors.email' },
    ]);
  });

  test('a network: members join in their role (not as leader); an existing member stays as they are', () => {
    const plans = plan(
      [
        ['Ny', 'ny@x.example', 'Stord kommune', 'Rus', '', 'Arbeidsgruppe', ''],
        ['Kari', 'kari@x.example', '', '', '', '', ''],
        ['Sjef', 'sjef@x.example', 'Stord kommune', 'Rus', '', 'leader', ''],
      ],
      [person({ isMember: true })],
      networkScope,
    );
    expect(plans[0]).toMatchObject({ membership: 'workingGroup' });
    expect(plans[1]).toMatchObject({ membership: 'existing', person: { kind: 'unchanged' } });
    expect(plans[2]).toMatchObject({ refused: [{ messageKey: 'imports.reasons.role' }] });
  });
});

test('the clean-up of expired drafts is a crontab line graphile-worker accepts', async () => {
  const { parseCrontab } = await import('graphile-worker');
  expect(parseCrontab(importCrontab)).toHaveLength(1);
});
