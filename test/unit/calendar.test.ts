import fc from 'fast-check';
import { foldLines as libraryFold } from 'ical-generator';
import {
  buildCalendar,
  calendarForEachAttendee,
  icalCalendar,
  withUtcStamp,
  type CalendarGathering,
} from '../../src/calendar/event';
import { foldLines } from '../../src/calendar/fold';

const gathering = (overrides: Partial<CalendarGathering> = {}): CalendarGathering => ({
  uid: 'gathering-7',
  sequence: 3,
  startsAt: new Date('2027-03-25T08:00:00Z'),
  endsAt: new Date('2027-03-25T14:00:00Z'),
  summary: 'Felles fagdag: Samarbeid om ROP-pasienter – erfaringer fra Bjørgvin og Årstad',
  location: 'Grieghallen, Edvard Griegs plass 1, 5015 Bergen',
  description: 'Tema: Pasientforløp\n09:00–15:00\n\nProgram:\n09:00–09:15 Velkommen 👋',
  url: 'https://samling.example/gatherings/7/agenda/print',
  cancelled: false,
  updatedAt: new Date('2026-11-01T10:00:00Z'),
  ...overrides,
});

describe('calendar line folding', () => {
  it('folds exactly as ical-generator does, for any text (ASCII, Norwegian letters, emoji, long lines)', () => {
    // Text from PostgreSQL is valid UTF-8, so every character here is a whole code point.
    const character = fc.oneof(
      fc.constantFrom('a', ' ', ':', ';', 'æ', 'ø', 'å', 'Å', '–', '€', '𝄞', '👋'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const line = fc.string({ unit: character, maxLength: 400 });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const input = lines.join('\r\n');
        expect(foldLines(input)).toBe(libraryFold(input));
      }),
    );
  });

  it('never writes a line longer than 75 octets', () => {
    const text = buildCalendar({
      name: 'Samling',
      gatherings: [gathering({ description: 'æøå '.repeat(200) })],
      method: 'request',
      organizer: { name: 'Leder Lederson', email: 'leder@kommune.example' },
      attendee: { name: 'Åse Ærlig-Østby', email: 'ase@helse-bergen.example' },
    });
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });
});

describe('buildCalendar', () => {
  // The calendar is ical-generator's own output: only the folding, the reuse of the header and
  // DTSTAMP (in UTC, which the library writes in local time) differ.
  const libraryText = (options: Parameters<typeof icalCalendar>[0]) => {
    let i = 0;
    return icalCalendar(options)
      .toString()
      .replace(/\r\nDTSTAMP:[^\r]*\r\n/g, () =>
        withUtcStamp('\r\nDTSTAMP:x\r\n', options.gatherings[i++]?.updatedAt as Date),
      );
  };
  it('writes DTSTAMP in UTC, as RFC 5545 requires', () => {
    const text = buildCalendar({ name: 'Samling', gatherings: [gathering()] });
    expect(text).toContain('\r\nDTSTAMP:20261101T100000Z\r\n');
  });
  it('gives the same text as ical-generator building the whole calendar itself', () => {
    for (const method of ['request', 'cancel', undefined] as const) {
      const options = {
        name: 'Samling',
        method,
        gatherings: [gathering(), gathering({ uid: 'gathering-8', cancelled: true })],
      };
      expect(buildCalendar(options)).toBe(libraryText(options));
      // Again, now that the header is reused.
      expect(
        buildCalendar({
          ...options,
          organizer: { name: 'Leder', email: 'leder@kommune.example' },
          attendee: { name: 'Åse Ærlig', email: 'ase@kommune.example' },
        }),
      ).toBe(
        libraryText({
          ...options,
          organizer: { name: 'Leder', email: 'leder@kommune.example' },
          attendee: { name: 'Åse Ærlig', email: 'ase@kommune.example' },
        }),
      );
    }
  });

  it('gives each attendee of a send the very calendar buildCalendar gives them, whatever their name', () => {
    const character = fc.oneof(
      fc.constantFrom('a', ' ', ':', ';', ',', '"', '^', '\\', '\n', 'æ', 'Å', '–', '𝄞'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
    );
    const attendee = fc.record({
      name: fc.string({ unit: character, minLength: 1, maxLength: 120 }),
      email: fc.emailAddress(),
    });
    fc.assert(
      fc.property(
        fc.array(attendee, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('request', 'cancel') as fc.Arbitrary<'request' | 'cancel'>,
        fc.boolean(),
        (attendees, method, cancelled) => {
          const options = {
            name: 'Samling',
            method,
            sentAt: new Date('2026-12-01T09:00:00Z'),
            gatherings: [gathering({ cancelled })],
            organizer: { name: 'Liv Leder', email: 'leder@kommune.example' },
          };
          const calendarFor = calendarForEachAttendee(options);
          for (const person of attendees)
            expect(calendarFor(person)).toBe(buildCalendar({ ...options, attendee: person }));
        },
      ),
    );
  });

  it('keeps each calendar its own name and method when headers are reused', () => {
    const a = buildCalendar({ name: 'Bergen sentrum', gatherings: [gathering()] });
    const b = buildCalendar({
      name: 'Bjørgvin',
      method: 'cancel',
      gatherings: [gathering()],
    });
    expect(a).toContain('X-WR-CALNAME:Bergen sentrum');
    expect(a).not.toContain('METHOD:');
    expect(b).toContain('X-WR-CALNAME:Bjørgvin');
    expect(b).toContain('METHOD:CANCEL');
  });
});

describe('messages and feeds (RFC 5546)', () => {
  const lineOf = (text: string, name: string) => text.split('\r\n').find((l) => l.startsWith(`${name}:`));

  it("a message's DTSTAMP is when it was sent, a feed's is the gathering's last change, both in UTC", () => {
    const sentAt = new Date('2026-11-30T15:04:05.678Z');
    expect(lineOf(buildCalendar({ name: 'S', method: 'request', sentAt, gatherings: [gathering()] }), 'DTSTAMP')).toBe(
      'DTSTAMP:20261130T150405Z',
    );
    const updatedAt = gathering()
      .updatedAt.toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    expect(lineOf(buildCalendar({ name: 'S', gatherings: [gathering()] }), 'DTSTAMP')).toBe(`DTSTAMP:${updatedAt}`);
  });

  it('a cancellation of a gathering says CANCELLED; taking one attendee off a gathering that goes ahead says no STATUS', () => {
    const attendee = { name: 'Ola', email: 'ola@kommune.example' };
    const cancelled = buildCalendar({
      name: 'S',
      method: 'cancel',
      attendee,
      gatherings: [gathering({ cancelled: true })],
    });
    expect(lineOf(cancelled, 'STATUS')).toBe('STATUS:CANCELLED');
    const uninvited = buildCalendar({ name: 'S', method: 'cancel', attendee, gatherings: [gathering()] });
    expect(uninvited).toContain('METHOD:CANCEL');
    expect(uninvited).not.toContain('STATUS:');
    expect(lineOf(buildCalendar({ name: 'S', method: 'request', gatherings: [gathering()] }), 'STATUS')).toBe(
      'STATUS:CONFIRMED',
    );
  });
});

describe('names in invitations cannot change the calendar (ical-generator 11 quotes parameters as RFC 6868 says)', () => {
  it('a double quote, semicolon, colon, caret or line break in a name stays inside its CN', () => {
    const text = buildCalendar({
      name: 'Samling',
      method: 'request',
      gatherings: [gathering()],
      organizer: { name: 'Liv "Sjef" Leder;ROLE=CHAIR:x', email: 'leder@kommune.example' },
      attendee: { name: 'Ola "O\'Neil" Nordmann^, jr.\nny', email: 'ola@kommune.example' },
    });
    const lines = text.replace(/\r\n /g, '').split('\r\n');
    expect(lines.filter((l) => l.startsWith('ORGANIZER'))).toEqual([
      `ORGANIZER;CN="Liv ^'Sjef^' Leder;ROLE=CHAIR:x":mailto:leder@kommune.example`,
    ]);
    expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toEqual([
      `ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN="Ola ^'O'Neil^' Nordmann^^, jr.^nny":MAILTO:ola@kommune.example`,
    ]);
  });
});
