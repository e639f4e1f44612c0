// An audit entry as one sentence in the reader's language ("Liv Leder endret samlingen 12. mars
// 2027 i ROP-nettverk Bjørgvin DPS"), in parts so that what it changed can be a link, with its
// field changes as lines. No database, no HTTP.
import { formatDate } from '../kernel/dates';
import type { Translate } from '../kernel/i18n';
import { type ChangeLine, changeLines, formatValue, isIsoDate, nameOf, type Reader } from './changeLines';
import { type AuditEntry, ENTITY_TABLES, isId, isRecord, own } from '../audit/references';

export interface SentencePart {
  text: string;
  href?: string;
}

export interface DescribedEntry {
  parts: SentencePart[];
  lines: ChangeLine[];
}

/** Pages that show what an entry changed, by entity type. */
const PAGES: Record<string, (id: number) => string> = {
  regions: (id) => `/regions/${id}`,
  sectors: (id) => `/sectors/${id}`,
  sector_indicators: (id) => `/sectors/${id}`,
  networks: (id) => `/networks/${id}`,
  units: (id) => `/units/${id}`,
  participants: (id) => `/participants/${id}`,
  gatherings: (id) => `/gatherings/${id}`,
};

export function describeEntry(entry: AuditEntry, reader: Reader): DescribedEntry {
  return { parts: sentenceOf(entry, reader), lines: changeLines(entry, reader) };
}

/** The gathering an entry (or the log's filter) is about: its date and network, linked while it exists. */
export function gatheringPhrase(id: number | null, reader: Reader, date?: unknown): SentencePart {
  const { t, language } = reader;
  const gathering = id === null ? undefined : reader.names.gatherings.get(id);
  if (!gathering)
    return isIsoDate(date)
      ? { text: fillText(t, 'audit.targets.gatheringOn', { date: formatDate(date, language) }) }
      : { text: gone(t, 'gatherings') };
  const when = formatDate(gathering.startsAt, language);
  const [network, ...others] = gathering.networkNames;
  const text =
    network !== undefined && others.length === 0
      ? fillText(t, 'audit.targets.gathering', { date: when, network })
      : fillText(t, 'audit.targets.jointGathering', { date: when });
  return { text, href: `/gatherings/${id}` };
}

function sentenceOf(entry: AuditEntry, reader: Reader): SentencePart[] {
  const values = placeholders(entry, reader);
  const parts =
    fill(reader.t, `audit.sentences.${entry.action}`, values) ?? fill(reader.t, 'audit.sentences.fallback', values);
  return parts ?? [];
}

/** Everything a sentence may name; each action's sentence uses the ones it needs. */
function placeholders(entry: AuditEntry, reader: Reader): Record<string, SentencePart> {
  const value = (field: string, inner?: string) => valueAt(entry, field, inner);
  const named = (field: string, found: unknown) =>
    found === undefined || found === null ? reader.t('audit.unknown') : formatValue(field, found, entry, reader);
  return {
    actor: { text: actorOf(entry, reader) },
    target: targetOf(entry, reader),
    person: { text: named('participantId', value('participantId') ?? value('standIn', 'participantId')) },
    forPerson: { text: named('forParticipantId', value('standIn', 'forParticipantId')) },
    unit: { text: named('unitId', value('unitId')) },
    guest: { text: named('name', value('guestAdded', 'name') ?? value('guestRemoved', 'name')) },
    year: { text: named('year', value('year')) },
    duty: { text: named('duty', value('duty')) },
    first: { text: named('first', value('first')) },
    second: { text: named('second', value('second')) },
    rows: { text: named('rows', value('rows')) },
  };
}

function actorOf(entry: AuditEntry, reader: Reader): string {
  if (entry.actorId !== null && reader.names.participants.has(entry.actorId))
    return nameOf('participants', entry.actorId, reader);
  return entry.actorName || reader.t('audit.unknown');
}

function targetOf(entry: AuditEntry, reader: Reader): SentencePart {
  const { t } = reader;
  const { entityType, entityId } = entry;
  if (entityType === 'gatherings') return gatheringPhrase(entityId, reader, valueAt(entry, 'date'));
  if (entityType === 'overview') return { text: t('audit.targets.overview') };
  if (entityType === 'outgoing_emails') return { text: t('audit.targets.mailLog'), href: '/emails' };
  const table = own(ENTITY_TABLES, entityType);
  const page = own(PAGES, entityType);
  if (!table || !page) return { text: t('audit.targets.unknown') };
  const exists = isId(entityId) && reader.names[table].has(entityId);
  if (!exists) return { text: gone(t, entityType) };
  return {
    text: fillText(t, `audit.targets.${entityType}`, { name: nameOf(table, entityId, reader) }),
    href: page(entityId),
  };
}

/** A field's value after the change, or before it when it is gone; `inner` reads a field of an object. */
function valueAt(entry: AuditEntry, field: string, inner?: string): unknown {
  const change = own(entry.changes, field);
  if (!change) return undefined;
  const pick = (side: unknown) => (inner === undefined ? side : isRecord(side) ? side[inner] : undefined);
  return pick(change.after) ?? pick(change.before);
}

const gone = (t: Translate, entityType: string) =>
  fillText(t, 'audit.targets.gone', { type: t(`audit.entityTypes.${entityType}`).toLowerCase() });

// Values are put into the catalogue's text after it is looked up, never interpolated by it, so
// nothing a person typed is read as a placeholder or a reference to another text.
const MARK = '\u0000';

/** The catalogue's text for `key` with each {{placeholder}} replaced by its part; undefined when there is no such text. */
function fill(t: Translate, key: string, values: Record<string, SentencePart>): SentencePart[] | undefined {
  const markers = Object.fromEntries(Object.keys(values).map((name) => [name, `${MARK}${name}${MARK}`]));
  const text = /^[A-Za-z0-9_.]+$/.test(key) ? t(key, markers) : key;
  if (text === key) return undefined;
  return text
    .split(MARK)
    .map((piece, index) => (index % 2 === 0 ? { text: piece } : (values[piece] ?? { text: '' })))
    .filter((part) => part.text !== '');
}

function fillText(t: Translate, key: string, values: Record<string, string>): string {
  const parts = Object.fromEntries(Object.entries(values).map(([name, text]) => [name, { text }]));
  return (fill(t, key, parts) ?? []).map((part) => part.text).join('');
}
