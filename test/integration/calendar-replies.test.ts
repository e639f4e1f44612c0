import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import pino from 'pino';
import { startReplyReceiver } from '../../src/calendarReplies/receiver';
import { calendarReplyTasks, DROP_STRAY_REPLIES_TASK } from '../../src/calendarReplies/tasks';
import { scheduleGatheringUpdate } from '../../src/invitations/updates';
import { startTestApp, type TestApp } from '../support/app';
import {
  makeGathering,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';
import { refusalCode, replyMessage, sendRaw, type ReplyFixture } from '../support/replies';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

process.env.TZ = 'America/New_York';

const REPLY_ADDRESS = 'svar@samling.test';
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;
const BERIT = { email: 'berit@kommune.example', name: 'Berit Bokmål' };
const NILS = { email: 'nils@kommune.example', name: 'Nils Nynorsk' };
const ANNA = { email: 'anna.berg@nav.example', name: 'Anna Berg' };

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let receiver: Awaited<ReturnType<typeof startReplyReceiver>>;
let networkId: number;
let leader: number;
let gatheringId: number;
let uid: string;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test', REPLY_ADDRESS });
  worker = await startTestWorker(t.url, smtp.url, 'https://samling.test', REPLY_ADDRESS);
  receiver = await startReplyReceiver({
    db: t.db,
    logger: pino({ level: 'silent' }),
    replyAddress: REPLY_ADDRESS,
    mailConfig: { BASE_URL: 'https://samling.test', REPLY_ADDRESS },
    host: '127.0.0.1',
    port: 0,
  });
  const regionId = await makeRegion(t.db);
  networkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: regionId }),
    name: 'ROP-nettverk Øyane DPS',
  });
  const unit = await makeUnit(t.db, { region_id: regionId });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Liv Leder', email: 'liv.leder@helse-bergen.example' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  for (const person of [BERIT, NILS, ANNA])
    await makeMembership(t.db, {
      network_id: networkId,
      participant_id: await makeParticipant(t.db, { unit_id: unit, ...person }),
    });
  const start = DateTime.fromISO(`${YEAR}-04-01T12:00`, { zone: 'Europe/Oslo' });
  gatheringId = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: start.toJSDate(),
    topic: 'ROP-avklaringsmøter',
    venue: 'Øyane DPS, Knarvik',
  });
  await t.db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });
  uid = (await t.db('gatherings').where({ id: gatheringId }).first('uid'))!.uid;
  // The leader sends the year's invitations, as on the send page.
  const client = await t.client().signIn(leader);
  const sent = await client.post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  expect(sent.status).toBe(303);
  await smtp.waitForMessages(4);
});
afterAll(async () => {
  await receiver.close();
  await worker.stop();
  await t.close();
  await smtp.close();
});

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
const answerOf = async (email: string, gathering = gatheringId) =>
  (
    await t
      .db('invitations as i')
      .join('participants as p', 'p.id', 'i.participant_id')
      .where({ 'p.email': email, 'i.gathering_id': gathering })
      .first('i.answer')
  )?.answer as string | null | undefined;

/** The message a client writes, sent over SMTP to the receiver as the mail exchanger forwards it. */
async function answer(
  fixture: ReplyFixture,
  person: { email: string; name: string },
  options: { from?: string; uid?: string; dtstamp?: Date; messageId?: string; partstat?: string } = {},
) {
  const message = replyMessage(fixture, {
    uid: options.uid ?? uid,
    attendee: person.email,
    attendeeName: person.name,
    from: options.from,
    to: REPLY_ADDRESS,
    dtstamp: options.dtstamp,
    messageId: options.messageId,
    partstat: options.partstat,
    proposedStart: `${YEAR}0408T120000`,
    proposedEnd: `${YEAR}0408T150000`,
  });
  await sendRaw(receiver.port, message.raw, { from: options.from ?? person.email, to: REPLY_ADDRESS });
  return message;
}

const leaderPage = async (gathering = gatheringId) =>
  (await (await t.client().signIn(leader)).get(`/gatherings/${gathering}/calendar-replies`)).text;

test("invitations name Samling's reply address as ORGANIZER, with the leader's name; the leader stays Reply-To", () => {
  const berit = smtp.messages.find((m) => to(m) === BERIT.email) as ParsedMail;
  const ics = berit.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString() ?? '';
  expect(ics.replace(/\r\n /g, '')).toMatch(/\r\nORGANIZER;CN="?Liv Leder"?:mailto:svar@samling\.test\r\n/);
  expect(ics).toMatch(/ATTENDEE;[^\r\n]*RSVP=TRUE/);
  expect(berit.replyTo && 'text' in berit.replyTo ? berit.replyTo.text : '').toBe('liv.leder@helse-bergen.example');
});

test('Godta in Outlook is recorded as the answer, and the leader sees it', async () => {
  expect(await answerOf(BERIT.email)).toBeNull();
  await answer('outlook-accept', BERIT);
  expect(await answerOf(BERIT.email)).toBe('yes');
  const page = await leaderPage();
  expect(page).toContain('Berit Bokmål');
  expect(page).toContain('Outlook');
  expect(page).toMatch(/Kommer<\/td>\s*<td>Registrert som svaret<\/td>/);
  // The gathering's page lists the answer and leads to the calendar answers.
  const edit = await (await t.client().signIn(leader)).get(`/gatherings/${gatheringId}/edit`);
  expect(edit.text).toMatch(/Kommer \(1\)<\/dt><dd>Berit Bokmål<\/dd>/);
  expect(edit.text).toContain(`href="/gatherings/${gatheringId}/calendar-replies"`);
  expect(await t.db('audit_log').where({ action: 'calendarAnswer', entity_id: gatheringId }).first('id')).toBeDefined();
  // Berit finds it in what Samling holds about her.
  const berit = (await t.db('participants').where({ email: BERIT.email }).first('id'))!.id;
  const exported = await (await t.client().signIn(berit)).get('/me/export');
  expect(exported.body.calendarAnswers).toEqual([
    expect.objectContaining({ method: 'REPLY', answer: 'yes', outcome: 'recorded', client: 'Outlook' }),
  ]);
});

test('one answer delivered twice is recorded once', async () => {
  // Written a little later than the answer above (DTSTAMP has whole seconds).
  const dtstamp = new Date(Date.now() + 2000);
  const first = await answer('outlook-accept', BERIT, { dtstamp });
  const count = () => t.db('calendar_replies').where({ attendee_email: BERIT.email }).count({ n: '*' }).first();
  const before = Number((await count())?.n);
  // The same message again (a retry by the sender's server): accepted, and nothing new kept.
  await answer('outlook-accept', BERIT, { dtstamp, messageId: first.messageId });
  expect(Number((await count())?.n)).toBe(before);
  // The same answer under another Message-ID (sent twice by the client): kept as a duplicate, not applied.
  await answer('outlook-accept', BERIT, { dtstamp });
  expect(Number((await count())?.n)).toBe(before + 1);
  expect(await t.db('calendar_replies').where({ reason: 'duplicate' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  expect(await leaderPage()).toContain('Det samme svaret var allerede mottatt.');
});

test('Avslå in Google Calendar and Kanskje in Apple Calendar are recorded too', async () => {
  await answer('google-decline', NILS);
  await answer('apple-tentative', ANNA);
  expect(await answerOf(NILS.email)).toBe('no');
  expect(await answerOf(ANNA.email)).toBe('maybe');
  const page = await leaderPage();
  expect(page).toMatch(
    /Anna Berg<\/td>\s*<td>Kanskje<\/td>\s*<td>Registrert som svaret<\/td>\s*<td>Apple Calendar<\/td>/,
  );
  expect(page).toMatch(
    /Nils Nynorsk<\/td>\s*<td>Kan ikke<\/td>\s*<td>Registrert som svaret<\/td>\s*<td>Google Calendar<\/td>/,
  );
});

test('an answer given by link and then by calendar keeps the later one', async () => {
  const mail = smtp.messages.find((m) => to(m) === NILS.email) as ParsedMail;
  const link = /https:\/\/samling\.test(\/rsvp\/[A-Za-z0-9_-]+)\?answer=yes/.exec(mail.text ?? '')?.[1] as string;
  const browser = t.client();
  expect((await browser.post(link, { answer: 'yes' }, link)).status).toBe(303);
  // Written in the calendar before the link was used (delivered late): not applied.
  await answer('google-decline', NILS, { dtstamp: new Date(Date.now() - 5 * 60_000) });
  expect(await answerOf(NILS.email)).toBe('yes');
  expect(await leaderPage()).toContain('Svaret er eldre enn svaret deltakeren ga senere med lenken.');
  // Written after it: the calendar's answer stands.
  await answer('google-decline', NILS, { dtstamp: new Date(Date.now() + 1000) });
  expect(await answerOf(NILS.email)).toBe('no');
});

test('answers from someone else, for someone not invited or for an unknown event are refused, and the leader sees why', async () => {
  await answer('outlook-accept', ANNA, { from: 'mallory@evil.example' });
  expect(await answerOf(ANNA.email)).toBe('maybe');
  await answer('google-decline', { email: 'ukjent@kommune.example', name: 'Ukjent Person' });
  const page = await leaderPage();
  expect(page).toContain('E-posten kom fra en annen adresse enn den som svarte.');
  expect(page).toMatch(/ukjent@kommune\.example<\/td>[\s\S]*?Avsenderen er ikke invitert til denne samlingen\./);
  // A forged UID belongs to no gathering: kept with its reason, changes nothing, shown on no gathering.
  const forged = `${randomUUID()}@samling.test`;
  await answer('google-decline', ANNA, { uid: forged });
  expect(await answerOf(ANNA.email)).toBe('maybe');
  expect(
    await t.db('calendar_replies').where({ reason: 'unknownEvent' }).first('gathering_id', 'attendee_email'),
  ).toEqual({ gathering_id: null, attendee_email: ANNA.email });
  // Kept a month for the logs' sake, then deleted by the worker's nightly task.
  await calendarReplyTasks(t.db)[DROP_STRAY_REPLIES_TASK]!({}, {} as never);
  expect(await t.db('calendar_replies').where({ reason: 'unknownEvent' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  await t
    .db('calendar_replies')
    .where({ reason: 'unknownEvent' })
    .update({ received_at: t.db.raw("now() - interval '31 days'") });
  await calendarReplyTasks(t.db)[DROP_STRAY_REPLIES_TASK]!({}, {} as never);
  expect(await t.db('calendar_replies').where({ reason: 'unknownEvent' }).count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('an address that holds an identity number is stored nowhere', async () => {
  await answer('google-decline', { email: '01010012356@kommune.example', name: 'Ukjent' });
  const rows = await t.db('calendar_replies').select();
  expect(rows.filter((row) => row.reason === 'notInvited')).toHaveLength(2);
  expect(JSON.stringify(rows)).not.toContain('01010012356');
});

test('a cancelled gathering and one that has started take no answers', async () => {
  const berit = (await t.db('participants').where({ email: BERIT.email }).first('id'))!.id;
  const cancelled = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: DateTime.now().plus({ days: 30 }).toJSDate(),
    status: 'cancelled',
    invite: [berit],
  });
  const started = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: DateTime.now().minus({ hours: 1 }).toJSDate(),
    invite: [berit],
  });
  for (const id of [cancelled, started]) {
    const eventUid = (await t.db('gatherings').where({ id }).first('uid'))!.uid;
    await answer('outlook-accept', BERIT, { uid: eventUid });
    expect(await answerOf(BERIT.email, id)).toBeNull();
  }
  expect(await leaderPage(cancelled)).toContain('Samlingen er avlyst.');
  expect(await leaderPage(started)).toContain('Samlingen har startet; svar kan ikke endres lenger.');
});

test('a proposed new time (COUNTER) is shown to the leader and not applied', async () => {
  const before = await t.db('gatherings').where({ id: gatheringId }).first('starts_at', 'version');
  await answer('outlook-counter', BERIT);
  const page = await leaderPage();
  expect(page).toMatch(/Foreslår nytt tidspunkt: [^<]*kl\. 12:00–15:00<\/td>\s*<td>Vist til deg, ikke endret<\/td>/);
  expect(await t.db('gatherings').where({ id: gatheringId }).first('starts_at', 'version')).toEqual(before);
  expect(await answerOf(BERIT.email)).toBe('yes');
});

test('an update the worker sends later names the same ORGANIZER', async () => {
  await t
    .db('gatherings')
    .where({ id: gatheringId })
    .update({ venue: 'Knarvik kulturhus', version: t.db.raw('version + 1') });
  const before = smtp.messages.length;
  await scheduleGatheringUpdate(t.db, gatheringId, 0);
  const berit = (await smtp.waitForMessages(before + 4)).slice(before).find((m) => to(m) === BERIT.email);
  expect(berit?.subject).toMatch(/^Endret: /);
  const ics = berit?.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString() ?? '';
  expect(ics.replace(/\r\n /g, '')).toMatch(/\r\nORGANIZER;CN="?Liv Leder"?:mailto:svar@samling\.test\r\n/);
});

describe('the SMTP endpoint', () => {
  const plain = (subject: string, body: string) =>
    `From: ${BERIT.email}\r\nTo: ${REPLY_ADDRESS}\r\nSubject: ${subject}\r\nMessage-ID: <${randomUUID()}@x.example>\r\n\r\n${body}\r\n`;
  const stored = async () => Number((await t.db('calendar_replies').count({ n: '*' }).first())?.n);

  test('relays nothing: mail for any other address is refused', async () => {
    const code = await refusalCode(
      sendRaw(
        receiver.port,
        replyMessage('outlook-accept', { uid, attendee: BERIT.email, attendeeName: 'B', to: REPLY_ADDRESS }).raw,
        {
          from: BERIT.email,
          to: 'someone@elsewhere.example',
        },
      ),
    );
    expect(code).toBe(550);
  });

  test('refuses mail without a calendar answer, too large, or with a malformed calendar, and keeps running', async () => {
    const before = await stored();
    const envelope = { from: BERIT.email, to: REPLY_ADDRESS };
    expect(await refusalCode(sendRaw(receiver.port, plain('Hei', 'Kan vi flytte møtet?'), envelope))).toBe(550);
    const good = replyMessage('outlook-accept', { uid, attendee: BERIT.email, attendeeName: 'B', to: REPLY_ADDRESS });
    for (const broken of [
      good.raw.replace(/\r\n\r\n[\s\S]*$/, '\r\n\r\n!!!not base64!!!\r\n'),
      plain('Godtatt', 'BEGIN:VCALENDAR').replace('\r\n\r\n', '\r\nContent-Type: text/calendar; method=REPLY\r\n\r\n'),
      plain('Godtatt', `BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nBEGIN:VEVENT\r\nUID:${uid}\r\nEND:VCALENDAR`).replace(
        '\r\n\r\n',
        '\r\nContent-Type: text/calendar; method=REPLY\r\n\r\n',
      ),
      plain('Godtatt', `BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\n${'X'.repeat(10_000)}\r\nEND:VCALENDAR`).replace(
        '\r\n\r\n',
        '\r\nContent-Type: multipart/mixed; boundary="x"\r\n\r\n--x\r\nContent-Type: text/calendar\r\n\r\n',
      ),
    ])
      expect(await refusalCode(sendRaw(receiver.port, broken, envelope))).toBe(550);
    const huge = plain('Godtatt', 'A'.repeat(600 * 1024));
    expect(await refusalCode(sendRaw(receiver.port, huge, envelope))).toBe(552);
    expect(await stored()).toBe(before);
    // Still answering: a real answer after all that is taken.
    await answer('apple-tentative', BERIT);
    expect(await stored()).toBe(before + 1);
  });

  test('defers a sender who sends too many', async () => {
    const limited = await startReplyReceiver({
      db: t.db,
      logger: pino({ level: 'silent' }),
      replyAddress: REPLY_ADDRESS,
      mailConfig: { BASE_URL: 'https://samling.test', REPLY_ADDRESS },
      host: '127.0.0.1',
      port: 0,
      perSender: { limit: 2, windowMs: 60_000 },
    });
    try {
      const send = () =>
        refusalCode(
          sendRaw(
            limited.port,
            replyMessage('google-decline', { uid, attendee: 'x@spam.example', attendeeName: 'X', to: REPLY_ADDRESS })
              .raw,
            { from: 'x@spam.example', to: REPLY_ADDRESS },
          ),
        );
      expect(await send()).toBeUndefined();
      expect(await send()).toBeUndefined();
      expect(await send()).toBe(451);
    } finally {
      await limited.close();
    }
  });
});
