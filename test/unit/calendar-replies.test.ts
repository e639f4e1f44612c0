import fc from 'fast-check';
import { calendarAnswerIn } from '../../src/calendarReplies/receiver';
import { clientName, parseContentLine, parseItipAnswer } from '../../src/calendarReplies/itip';
import { decideOutcome } from '../../src/calendarReplies/outcome';
import { replyMessage, type ReplyFixture } from '../support/replies';

const values = {
  uid: 'samling-gathering-42@samling.test',
  attendee: 'Berit@Kommune.example',
  attendeeName: 'Berit Bokmål',
  to: 'svar@samling.test',
  dtstamp: new Date('2026-12-01T10:15:00Z'),
  sequence: 2,
  proposedStart: '20270408T120000',
  proposedEnd: '20270408T150000',
};

test.each([
  ['outlook-accept', 'yes', 'Outlook'],
  ['google-decline', 'no', 'Google Calendar'],
  ['apple-tentative', 'maybe', 'Apple Calendar'],
] as const)('%s: the answer, the event, the attendee and when it was written are read', (fixture, answer, client) => {
  const parsed = parseItipAnswer(replyMessage(fixture, values).calendar);
  expect(parsed.ok).toBe(true);
  if (!parsed.ok) return;
  expect(parsed.itip).toMatchObject({
    method: 'REPLY',
    uid: values.uid,
    sequence: 2,
    attendee: 'berit@kommune.example',
    answer,
    dtstamp: values.dtstamp,
  });
  expect(clientName(parsed.itip.prodid)).toBe(client);
});

test('an Outlook COUNTER is read as a proposed time in Norwegian wall-clock time (its Windows zone name)', () => {
  const parsed = parseItipAnswer(replyMessage('outlook-counter', values).calendar);
  expect(parsed.ok && parsed.itip.method).toBe('COUNTER');
  if (!parsed.ok) return;
  expect(parsed.itip.answer).toBeUndefined();
  // 12:00 in Oslo in April (summer time) is 10:00 UTC.
  expect(parsed.itip.proposed).toEqual({
    startsAt: new Date('2027-04-08T10:00:00Z'),
    endsAt: new Date('2027-04-08T13:00:00Z'),
  });
});

test.each<[ReplyFixture]>([['outlook-accept'], ['google-decline'], ['apple-tentative'], ['outlook-counter']])(
  'the whole %s message as it arrives gives the same answer',
  async (fixture) => {
    const found = await calendarAnswerIn(Buffer.from(replyMessage(fixture, values).raw));
    expect(found?.itip.uid).toBe(values.uid);
    expect(found?.itip.attendee).toBe('berit@kommune.example');
  },
);

test('a request, a cancellation or a feed is not an answer', () => {
  for (const method of ['REQUEST', 'CANCEL', 'PUBLISH'])
    expect(parseItipAnswer(`BEGIN:VCALENDAR\r\nMETHOD:${method}\r\nEND:VCALENDAR\r\n`)).toEqual({
      ok: false,
      reason: 'notAnswer',
    });
});

test('a quoted parameter may hold colons and semicolons', () => {
  expect(parseContentLine('ATTENDEE;CN="Berg; Anna: leder";PARTSTAT=ACCEPTED:mailto:anna@x.example')).toEqual({
    name: 'ATTENDEE',
    params: { CN: 'Berg; Anna: leder', PARTSTAT: 'ACCEPTED' },
    value: 'mailto:anna@x.example',
  });
});

test('malformed calendars are refused, never thrown on', () => {
  const good = replyMessage('outlook-accept', values).calendar;
  const broken = [
    '',
    'BEGIN:VCALENDAR',
    good.replace('END:VCALENDAR', ''),
    good.replace(/UID:.*\r\n/, ''),
    good.replace(/ATTENDEE.*\r\n/, ''),
    good.replace('SEQUENCE:2', 'SEQUENCE:many'),
    good.replace(/mailto:berit/i, 'mailto:'),
    good.replace('ATTENDEE;PARTSTAT', 'ATTENDEE;PARTSTAT="ACCEPTED'),
    'x'.repeat(300_000),
    `BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n${'BEGIN:VEVENT\r\n'.repeat(3000)}`,
  ];
  for (const text of broken) expect(parseItipAnswer(text).ok).toBe(false);
});

test('no input makes the reader throw (property)', () => {
  const good = replyMessage('apple-tentative', values).calendar;
  fc.assert(
    fc.property(fc.string({ maxLength: 2000 }), fc.nat(good.length), fc.nat(200), (noise, at, cut) => {
      parseItipAnswer(noise);
      parseItipAnswer(good.slice(0, at) + noise + good.slice(at + cut));
    }),
    { numRuns: 500 },
  );
});

describe('what becomes of an answer', () => {
  const now = new Date('2027-01-10T12:00:00Z');
  const parsed = parseItipAnswer(replyMessage('outlook-accept', values).calendar);
  if (!parsed.ok) throw new Error('fixture');
  const itip = parsed.itip;
  const base = {
    itip,
    senders: ['berit@kommune.example'],
    gathering: { status: 'planned', startsAt: new Date('2027-04-01T10:00:00Z') },
    invitation: { answeredAt: null },
    seenBefore: false,
    now,
  };
  test.each([
    ['recorded', {}, { outcome: 'recorded', answer: 'yes' }],
    ['unknown event', { gathering: undefined }, { outcome: 'refused', reason: 'unknownEvent' }],
    ['not invited', { invitation: undefined }, { outcome: 'refused', reason: 'notInvited' }],
    ['another sender', { senders: ['mallory@evil.example'] }, { outcome: 'refused', reason: 'senderMismatch' }],
    ['the envelope agrees', { senders: ['alias@kommune.example', 'BERIT@kommune.example'] }, { outcome: 'recorded' }],
    ['seen before', { seenBefore: true }, { outcome: 'refused', reason: 'duplicate' }],
    [
      'cancelled',
      { gathering: { status: 'cancelled', startsAt: new Date('2027-04-01T10:00:00Z') } },
      { outcome: 'refused', reason: 'cancelled' },
    ],
    [
      'started',
      { gathering: { status: 'planned', startsAt: new Date('2027-01-10T11:00:00Z') } },
      { outcome: 'refused', reason: 'closed' },
    ],
    [
      'answered by link later',
      { invitation: { answeredAt: new Date('2026-12-01T10:16:00Z') } },
      { outcome: 'refused', reason: 'stale' },
    ],
    [
      'answered by link earlier',
      { invitation: { answeredAt: new Date('2026-12-01T10:14:00Z') } },
      { outcome: 'recorded' },
    ],
    ['a counter', { itip: { ...itip, method: 'COUNTER' as const } }, { outcome: 'counter' }],
    ['needs action', { itip: { ...itip, answer: undefined } }, { outcome: 'refused', reason: 'unsupportedAnswer' }],
  ])('%s', (_name, change, expected) => {
    expect(decideOutcome({ ...base, ...change })).toMatchObject(expected);
  });
});
