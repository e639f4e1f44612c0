import { fromICalDateTime } from '../kernel/dates';

/**
 * Reading an iTIP answer (RFC 5546) from a calendar client: METHOD:REPLY (accepted, declined,
 * tentative) or METHOD:COUNTER (a proposed new time). Pure: no database, no mail. Only what
 * Samling needs is read, and nothing the sender wrote as free text (COMMENT, DESCRIPTION) is
 * kept, so no note about a patient can end up stored. Never throws: anything it cannot read is
 * `{ ok: false }`.
 */

export type Answer = 'yes' | 'no' | 'maybe';

export interface ItipAnswer {
  method: 'REPLY' | 'COUNTER';
  uid: string;
  sequence: number;
  /** When the client wrote the answer (RFC 5545 DTSTAMP, UTC). */
  dtstamp: Date | undefined;
  /** The answering attendee's address, lower case, without `mailto:`. */
  attendee: string;
  /** REPLY: the answer in Samling's terms; undefined for a PARTSTAT Samling does not record. */
  answer: Answer | undefined;
  partstat: string;
  /** COUNTER: the time the attendee proposes. */
  proposed?: { startsAt: Date; endsAt: Date | undefined };
  /** The client that wrote it ("Microsoft Exchange Server 2010", "Google Inc//Google Calendar 70.9054//EN"). */
  prodid: string;
}

export type ItipResult = { ok: true; itip: ItipAnswer } | { ok: false; reason: 'notAnswer' | 'malformed' };

/** Calendar parts larger than this are not read (a real answer is a few kilobytes). */
export const MAX_CALENDAR_CHARS = 200_000;
const MAX_LINES = 5_000;

/** RFC 5546 PARTSTAT → Samling's answer; TENTATIVE is Samling's "maybe". */
const ANSWERS: Record<string, Answer> = { ACCEPTED: 'yes', DECLINED: 'no', TENTATIVE: 'maybe' };

interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** One content line: NAME;PARAM=value;PARAM="quoted:value":VALUE. Undefined when it is not one. */
export function parseContentLine(line: string): ContentLine | undefined {
  const nameEnd = /[;:]/.exec(line);
  if (!nameEnd || nameEnd.index === 0) return undefined;
  const name = line.slice(0, nameEnd.index).toUpperCase();
  if (!/^[A-Z0-9-]+$/.test(name)) return undefined;
  let i = nameEnd.index;
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    const eq = line.indexOf('=', i);
    if (eq < 0) return undefined;
    const key = line.slice(i + 1, eq).toUpperCase();
    i = eq + 1;
    let value = '';
    // A parameter value may be a list ("a","b"); the first is enough here.
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) return undefined;
      value = line.slice(i + 1, close);
      i = close + 1;
      while (i < line.length && line[i] !== ';' && line[i] !== ':') i += 1;
    } else {
      const start = i;
      while (i < line.length && line[i] !== ';' && line[i] !== ':') i += 1;
      value = line.slice(start, i);
    }
    params[key] = value;
  }
  if (line[i] !== ':') return undefined;
  return { name, params, value: line.slice(i + 1) };
}

/** The address of a `mailto:` value (any case, as clients write `MAILTO:`), lower case. */
export function mailtoAddress(value: string): string | undefined {
  const match = /^mailto:(.+)$/i.exec(value.trim());
  const address = match?.[1]?.trim().toLowerCase();
  return address && /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}

/** Reads the first VEVENT of a METHOD:REPLY or METHOD:COUNTER calendar. */
export function parseItipAnswer(text: string): ItipResult {
  if (text.length > MAX_CALENDAR_CHARS) return { ok: false, reason: 'malformed' };
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r?\n[ \t]/g, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  if (lines.length > MAX_LINES) return { ok: false, reason: 'malformed' };
  const stack: string[] = [];
  const calendar: Record<string, ContentLine> = {};
  let event: Record<string, ContentLine> | undefined;
  let attendees: ContentLine[] = [];
  let events = 0;
  for (const raw of lines) {
    const line = parseContentLine(raw);
    if (!line) return { ok: false, reason: 'malformed' };
    if (line.name === 'BEGIN') {
      const component = line.value.trim().toUpperCase();
      stack.push(component);
      if (component === 'VEVENT' && stack.length === 2) {
        events += 1;
        if (events === 1) event = {};
      }
      continue;
    }
    if (line.name === 'END') {
      if (stack.pop() !== line.value.trim().toUpperCase()) return { ok: false, reason: 'malformed' };
      continue;
    }
    const where = stack.join('/');
    if (where === 'VCALENDAR') calendar[line.name] ??= line;
    else if (where === 'VCALENDAR/VEVENT' && events === 1 && event) {
      if (line.name === 'ATTENDEE') attendees.push(line);
      else event[line.name] ??= line;
    }
  }
  if (stack.length !== 0 || !calendar.METHOD) return { ok: false, reason: 'malformed' };
  const method = calendar.METHOD.value.trim().toUpperCase();
  if (method !== 'REPLY' && method !== 'COUNTER') return { ok: false, reason: 'notAnswer' };
  if (!event) return { ok: false, reason: 'malformed' };
  const uid = event.UID?.value.trim();
  // An answer names one attendee: the one answering (RFC 5546 §3.2.3). Take the first with an address.
  attendees = attendees.filter((a) => mailtoAddress(a.value));
  const attendeeLine = attendees[0];
  const attendee = attendeeLine && mailtoAddress(attendeeLine.value);
  if (!uid || uid.length > 500 || !attendeeLine || !attendee) return { ok: false, reason: 'malformed' };
  const sequenceText = event.SEQUENCE?.value.trim() ?? '0';
  const sequence = /^\d{1,9}$/.test(sequenceText) ? Number(sequenceText) : Number.NaN;
  if (Number.isNaN(sequence)) return { ok: false, reason: 'malformed' };
  const partstat = (attendeeLine.params.PARTSTAT ?? '').toUpperCase();
  const itip: ItipAnswer = {
    method,
    uid,
    sequence,
    dtstamp: event.DTSTAMP ? fromICalDateTime(event.DTSTAMP.value) : undefined,
    attendee,
    answer: method === 'REPLY' ? ANSWERS[partstat] : undefined,
    partstat: partstat.slice(0, 40),
    prodid: (calendar.PRODID?.value ?? '').slice(0, 200),
  };
  if (method === 'COUNTER') {
    const startsAt = event.DTSTART ? fromICalDateTime(event.DTSTART.value) : undefined;
    if (!startsAt) return { ok: false, reason: 'malformed' };
    itip.proposed = { startsAt, endsAt: event.DTEND ? fromICalDateTime(event.DTEND.value) : undefined };
  }
  return { ok: true, itip };
}

/** A calendar client's short name from its PRODID, for the leader's page. */
export function clientName(prodid: string): string {
  if (/microsoft|outlook|exchange/i.test(prodid)) return 'Outlook';
  if (/google/i.test(prodid)) return 'Google Calendar';
  if (/apple/i.test(prodid)) return 'Apple Calendar';
  const product = /^-\/\/[^/]*\/\/([^/]+)/.exec(prodid)?.[1];
  return (product ?? prodid).slice(0, 60);
}
