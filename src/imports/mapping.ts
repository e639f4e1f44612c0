/** The fields a column can be; `organisation` names the unit's organisation (e.g. the municipality). */
export const IMPORT_FIELDS = [
  'name',
  'email',
  'phone',
  'organisation',
  'unit',
  'profession',
  'serviceType',
  'role',
  'language',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column index → field, or undefined for a column that is not read (comments, notes). */
export type Mapping = (ImportField | undefined)[];

// Header names in Norwegian (both written forms) and English, compared without case, spaces,
// hyphens and punctuation ("E-post", "epost", "e post" and "Email" are the same).
const HEADER_NAMES: Record<ImportField, string[]> = {
  name: ['navn', 'name', 'fulltnavn', 'fullname', 'namn', 'deltaker', 'deltakar'],
  email: ['epost', 'email', 'mail', 'epostadresse', 'emailaddress'],
  phone: ['telefon', 'phone', 'mobil', 'mobile', 'tlf', 'telefonnummer', 'phonenumber'],
  organisation: ['virksomhet', 'verksemd', 'organisasjon', 'organisation', 'organization', 'arbeidsgiver', 'kommune'],
  unit: ['enhet', 'eining', 'unit', 'avdeling', 'department'],
  profession: ['yrke', 'profesjon', 'profession', 'yrkesgruppe', 'stilling'],
  serviceType: ['tjeneste', 'tjenestetype', 'tenestetype', 'teneste', 'servicetype', 'service', 'tjenesteniva'],
  role: ['rolle', 'role'],
  language: ['sprak', 'malform', 'language', 'språk', 'målform'],
};

export const normalise = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]/g, '');

/** Proposes which column is which from its header; each field is given to one column at most. */
export function proposeMapping(headers: string[]): Mapping {
  const taken = new Set<ImportField>();
  return headers.map((header) => {
    const key = normalise(header);
    const field = IMPORT_FIELDS.find((f) => !taken.has(f) && HEADER_NAMES[f].some((name) => normalise(name) === key));
    if (field) taken.add(field);
    return field;
  });
}

/**
 * A mapping chosen on the preview page (one value per column, '' for "not read"); a field chosen
 * for two columns keeps the first. Anything that is not a field is "not read".
 */
export function chosenMapping(values: unknown[], columns: number): Mapping {
  const taken = new Set<string>();
  return Array.from({ length: columns }, (_, i) => {
    const value = values[i];
    if (typeof value !== 'string' || !(IMPORT_FIELDS as readonly string[]).includes(value) || taken.has(value))
      return undefined;
    taken.add(value);
    return value as ImportField;
  });
}

/** One row as field → cell text (unmapped columns left out). */
export function mapRow(row: string[], mapping: Mapping): Partial<Record<ImportField, string>> {
  const values: Partial<Record<ImportField, string>> = {};
  mapping.forEach((field, i) => {
    if (field) values[field] = (row[i] ?? '').trim();
  });
  return values;
}

/**
 * A choice written the way people write it: the code itself ("nurse"), or its label in bokmål,
 * nynorsk or English ("Sykepleiar"), compared as `normalise` does. Undefined when nothing matches.
 */
export function choiceFromLabel<T extends string>(text: string, labels: Record<T, string[]>): T | undefined {
  const key = normalise(text);
  if (key === '') return undefined;
  for (const [code, names] of Object.entries(labels) as [T, string[]][])
    if (normalise(code) === key || names.some((name) => normalise(name) === key)) return code;
  return undefined;
}
