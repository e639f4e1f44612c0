// An audit entry's field changes as readable lines ("Navn: Gammelt navn → Nytt navn"): labels in
// the reader's language, ids shown as names, nested values flattened. No database, no HTTP.
import { formatDate } from '../kernel/dates';
import type { Language, Translate } from '../kernel/i18n';
import { type AuditEntry, ID_FIELDS, isId, isRecord, type Names, own, type ReferencedTable } from '../audit/references';

export interface Reader {
  t: Translate;
  language: Language;
  names: Names;
}

/** One changed field; `before` is left out when the entry created what it describes. */
export interface ChangeLine {
  label: string;
  before?: string;
  after: string;
}

const DASH = '–';
/** Internal fields that tell a reader nothing. */
const HIDDEN_FIELDS = new Set(['id', 'gatheringId', 'version']);
const PLAIN_WORD = /^[A-Za-z0-9_]+$/;

/** Fields whose values are choices with a translated name: the catalogue key that names a value. */
const CHOICES: Record<string, (value: string) => string> = {
  role: (value) => `networks.roles.${value}`,
  status: (value) => `networks.statuses.${value}`,
  format: (value) => `gatherings.formats.${value}`,
  otherFormat: (value) => `gatherings.formats.${value}`,
  serviceType: (value) => `common.serviceTypes.${value}`,
  profession: (value) => `common.professions.${value}`,
  preferredWeekdays: (value) => `planning.weekdays.${value}`,
  language: (value) => `audit.languages.${value}`,
  duty: (value) => `audit.duties.${value}`,
  method: (value) => `audit.methods.${value}`,
};

/** The entry's changed fields as lines; none for an erased person, whose old details are never shown. */
export function changeLines(entry: AuditEntry, reader: Reader): ChangeLine[] {
  if (isErasedPerson(entry, reader.names)) return [];
  const changed = Object.entries(entry.changes).filter(
    ([field, change]) => !HIDDEN_FIELDS.has(field) && !same(change.before, change.after),
  );
  const lines = changed.flatMap(([field, change]) => linesOf(entry, field, change, reader));
  const created = changed.every(([, change]) => change.before === null || change.before === undefined);
  return created ? lines.map(({ label, after }) => ({ label, after })) : lines;
}

/** A value for a reader: a name for an id, a translated choice, a Norwegian date, or the text itself. */
export function formatValue(field: string, value: unknown, entry: AuditEntry, reader: Reader): string {
  if (value === null || value === undefined || value === '') return DASH;
  if (Array.isArray(value))
    return value.length === 0 ? DASH : value.map((item) => formatValue(field, item, entry, reader)).join(', ');
  if (isRecord(value)) {
    const shown = Object.entries(value).filter(([key]) => !HIDDEN_FIELDS.has(key));
    return shown.map(([key, inner]) => formatValue(key, inner, entry, reader)).join(' – ') || DASH;
  }
  const table = own(ID_FIELDS, field);
  if (table && isId(value)) return nameOf(table, value, reader);
  if (typeof value === 'boolean') return reader.t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string' && isIsoDate(value)) return formatDate(value, reader.language);
  const choice = choiceKey(field, entry);
  return (choice && translated(reader.t, choice, String(value))) || String(value);
}

/** The name of a row an entry refers to, as it is now; an erased person is never named. */
export function nameOf(table: ReferencedTable, id: number, reader: Reader): string {
  const { names, t } = reader;
  if (table === 'participants') {
    const person = names.participants.get(id);
    if (!person) return t('audit.unknown');
    return person.erased ? t('audit.erasedPerson') : person.name;
  }
  if (table === 'gatherings') {
    const gathering = names.gatherings.get(id);
    return gathering ? formatDate(gathering.startsAt, reader.language) : t('audit.unknown');
  }
  return names[table].get(id) ?? t('audit.unknown');
}

const isErasedPerson = (entry: AuditEntry, names: Names): boolean =>
  entry.entityType === 'participants' &&
  entry.entityId !== null &&
  names.participants.get(entry.entityId)?.erased === true;

/** A calendar date written YYYY-MM-DD that exists. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const instant = new Date(`${value}T12:00:00Z`);
  return !Number.isNaN(instant.getTime()) && instant.toISOString().slice(0, 10) === value;
}

/** The catalogue's text for the key `keyOf(name)` builds, or undefined when there is none. */
function translated(t: Translate, keyOf: (name: string) => string, name: string): string | undefined {
  if (!PLAIN_WORD.test(name)) return undefined;
  const key = keyOf(name);
  const text = t(key);
  return text === key ? undefined : text;
}

function linesOf(
  entry: AuditEntry,
  field: string,
  change: { before: unknown; after: unknown },
  reader: Reader,
): ChangeLine[] {
  const { before, after } = change;
  const flat = (value: unknown) => isRecord(value) || value === null || value === undefined;
  if (!(isRecord(before) || isRecord(after)) || !flat(before) || !flat(after))
    return [
      {
        label: fieldLabel(field, reader.t),
        before: formatValue(field, before, entry, reader),
        after: formatValue(field, after, entry, reader),
      },
    ];
  // An object (the stand-in named for someone, a guest): one line per inner field that changed.
  const inBefore = isRecord(before) ? before : {};
  const inAfter = isRecord(after) ? after : {};
  return [...new Set([...Object.keys(inBefore), ...Object.keys(inAfter)])]
    .filter((key) => !HIDDEN_FIELDS.has(key) && !same(inBefore[key], inAfter[key]))
    .map((key) => ({
      label:
        (PLAIN_WORD.test(field) && translated(reader.t, (name) => `audit.nestedFields.${field}.${name}`, key)) ||
        fieldLabel(key, reader.t),
      before: formatValue(key, inBefore[key], entry, reader),
      after: formatValue(key, inAfter[key], entry, reader),
    }));
}

const fieldLabel = (field: string, t: Translate) => translated(t, (name) => `audit.fields.${name}`, field) ?? field;

function choiceKey(field: string, entry: AuditEntry): ((value: string) => string) | undefined {
  if (field !== 'kind') return own(CHOICES, field);
  if (entry.entityType === 'networks' || entry.entityType === 'overview') return (value) => `networks.kinds.${value}`;
  return entry.action.endsWith('AgendaItem')
    ? (value) => `agenda.kinds.${value}`
    : (value) => `gatherings.kinds.${value}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
