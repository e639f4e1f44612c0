import { readFileSync } from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';

const FIXTURES = path.resolve(__dirname, '../fixtures/replies');

export type ReplyFixture = 'outlook-accept' | 'outlook-counter' | 'google-decline' | 'apple-tentative';

/** An iCalendar UTC date-time: 20270401T100000Z. */
export const icalUtc = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{([A-Z0-9_]+)\}\}/g, (whole, key: string) => values[key] ?? whole);

const base64Lines = (text: string) =>
  (
    Buffer.from(text, 'utf8')
      .toString('base64')
      .match(/.{1,76}/g) ?? []
  ).join('\r\n');

/** Quoted-printable as Apple Mail writes it: line breaks kept, soft breaks before 76 characters. */
function quotedPrintable(text: string): string {
  return text
    .split('\r\n')
    .map((line) => {
      let out = '';
      let width = 0;
      for (const byte of Buffer.from(line, 'utf8')) {
        const char = String.fromCharCode(byte);
        const piece =
          byte >= 33 && byte <= 126 && char !== '='
            ? char
            : byte === 32
              ? ' '
              : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
        if (width + piece.length > 75) {
          out += '=\r\n';
          width = 0;
        }
        out += piece;
        width += piece.length;
      }
      return out;
    })
    .join('\r\n');
}

export interface ReplyValues {
  uid: string;
  attendee: string;
  attendeeName: string;
  from?: string;
  to: string;
  dtstamp?: Date;
  sequence?: number;
  messageId?: string;
  partstat?: string;
  proposedStart?: string;
  proposedEnd?: string;
}

let counter = 0;

/** A whole message as the client writes it, with its calendar part filled in and encoded. */
export function replyMessage(
  fixture: ReplyFixture,
  values: ReplyValues,
): { raw: string; messageId: string; calendar: string } {
  counter += 1;
  const messageId = values.messageId ?? `reply-${Date.now()}-${counter}@client.example`;
  const common = {
    UID: values.uid,
    ATTENDEE: values.attendee,
    ATTENDEE_NAME: values.attendeeName,
    FROM: values.from ?? values.attendee,
    FROM_NAME: values.attendeeName,
    TO: values.to,
    DTSTAMP: icalUtc(values.dtstamp ?? new Date()),
    SEQUENCE: String(values.sequence ?? 0),
    MESSAGE_ID: messageId,
    DATE: new Date().toUTCString(),
    PARTSTAT: values.partstat ?? 'DECLINED',
    PROPOSED_START: values.proposedStart ?? '',
    PROPOSED_END: values.proposedEnd ?? '',
  };
  const calendar = crlf(fill(readFileSync(path.join(FIXTURES, `${fixture}.ics`), 'utf8'), common)).trimEnd();
  const raw = crlf(
    fill(readFileSync(path.join(FIXTURES, `${fixture}.eml`), 'utf8'), {
      ...common,
      CALENDAR: calendar,
      CALENDAR_BASE64: base64Lines(`${calendar}\r\n`),
      CALENDAR_QP: quotedPrintable(`${calendar}\r\n`),
    }),
  );
  return { raw, messageId, calendar };
}

/** Sends a raw message over SMTP to the receiver, as the mail exchanger forwarding it would. */
export async function sendRaw(port: number, raw: string, envelope: { from: string; to: string }) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

/** The SMTP reply code of a refused send (undefined when it was accepted). */
export async function refusalCode(send: Promise<unknown>): Promise<number | undefined> {
  try {
    await send;
    return undefined;
  } catch (error) {
    return (error as { responseCode?: number }).responseCode ?? -1;
  }
}
