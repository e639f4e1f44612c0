import ical, { type VEvent } from 'node-ical';
import type { ParsedMail } from 'mailparser';
import { DateTime } from 'luxon';
import { withoutTokens } from '../../src/app';
import { deleteExpiredRegistrations } from '../../src/registration/tasks';
import { hashSecretToken, newSecretToken } from '../../src/kernel/secretTokens';
import { startTestApp, type TestApp, type TestClient } from '../support/app';
import { makeGathering, makeKorusAdmin, makeMember, makeNetworkInRegion, makeRegion } from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker, waitForQueueDrained } from '../support/worker';

// A KORUS fagdag open for registration from its public page: confirmation with the calendar
// invite, the waiting list moving up, cancelling from the link, and the ways bots and curious
// visitors learn nothing. Mail goes through the real worker to a real SMTP server.
process.env.TZ = 'America/New_York';

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let regionId: number;
let korus: number;
let networkA: number;
let networkB: number;
let fagdag: number;
let memberB: number;
let slug: string;
// Ten o'clock in Oslo, about two months ahead (whatever the day and year).
const start = DateTime.now()
  .setZone('Europe/Oslo')
  .plus({ days: 60 })
  .set({ hour: 10, minute: 0, second: 0, millisecond: 0 });

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  regionId = await makeRegion(t.db, { name: 'Vest' });
  korus = await makeKorusAdmin(t.db, regionId);
  await t.db('participants').where({ id: korus }).update({ name: 'Kari Korus', email: 'kari@korus.example' });
  networkA = await makeNetworkInRegion(t.db, regionId, { name: 'ROP-nettverk Bjørgvin' });
  networkB = await makeNetworkInRegion(t.db, regionId, { name: 'ROP-nettverk Fana' });
  // A member of network A who answered yes to the invitation takes one of the places.
  const memberA = await makeMember(t.db, networkA, { email: 'mona@kommune.example' });
  memberB = await makeMember(t.db, networkB, { email: 'Mikkel@Kommune.example', name: 'Mikkel Medlem' });
  fagdag = await makeGathering(t.db, {
    networkIds: [networkA, networkB],
    startsAt: start.toJSDate(),
    kind: 'fagdag',
    topic: 'ROP-skole: kartlegging',
    venue: 'Scandic Ørnen, Bergen',
    invite: [memberA],
  });
  await t
    .db('gatherings')
    .where({ id: fagdag })
    .update({ ends_at: start.plus({ hours: 5 }).toJSDate() });
  await t.db('invitations').where({ gathering_id: fagdag, participant_id: memberA }).update({ answer: 'yes' });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
const calendarOf = (mail: ParsedMail) =>
  mail.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString() ?? '';
const eventOf = (ics: string) =>
  Object.values(ical.sync.parseICS(ics)).find((c) => c?.type === 'VEVENT') as VEvent | undefined;
const cancelLinkIn = (mail: ParsedMail) =>
  /https:\/\/samling\.test(\/avmelding\/[A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1];

/**
 * Where the mails of what a test does next begin (an index into smtp.messages for mailsTo). The
 * queue is drained first, so a mail of an earlier step that arrives late is not counted as the next.
 */
async function mailMark(): Promise<number> {
  await waitForQueueDrained(t.db);
  return smtp.messages.length;
}

/** The messages sent to one address since `from` (an index into smtp.messages), once the queue is drained. */
async function mailsTo(address: string, from = 0): Promise<ParsedMail[]> {
  await waitForQueueDrained(t.db);
  return smtp.messages.slice(from).filter((m) => to(m) === address);
}

async function registerAs(client: TestClient, fields: Record<string, string>) {
  return client.post(`/pamelding/${slug}`, fields, `/pamelding/${slug}`);
}

const person = (name: string, email: string, extra: Record<string, string> = {}) => ({
  name,
  email,
  organisation: 'Askøy kommune – Psykisk helse og rus',
  profession: 'Sykepleier',
  answer0: 'Vegetar',
  answer1: 'Kommunal tjeneste',
  ...extra,
});

const statusOf = async (email: string) =>
  (await t.db('registrations').where({ gathering_id: fagdag, email }).whereNot('status', 'cancelled').first())?.status;

test('KORUS reaches the registration settings from the fagdag and opens it with a capacity, a deadline and questions', async () => {
  const client = await t.client().signIn(korus);
  const page = await client.get(`/gatherings/${fagdag}`);
  expect(page.text).toContain(`href="/gatherings/${fagdag}/registration"`);
  const form = await client.get(`/gatherings/${fagdag}/registration`);
  expect(form.status).toBe(200);
  // The programme is the agenda builder, reachable from here.
  expect(form.text).toContain(`href="/gatherings/${fagdag}/agenda"`);
  const deadline = start.minus({ days: 7 });
  const bad = await client.post(
    `/gatherings/${fagdag}/registration`,
    { open: 'on', capacity: '0', deadlineDate: deadline.toISODate() as string, deadlineTime: '12:00', questions: '' },
    `/gatherings/${fagdag}/registration`,
  );
  expect(bad.status).toBe(422);
  expect(bad.text).toContain('Skriv et helt tall fra 1 til 10 000.');
  expect(await t.db('registration_settings').where({ gathering_id: fagdag }).first()).toBeUndefined();
  const res = await client.post(
    `/gatherings/${fagdag}/registration`,
    {
      open: 'on',
      // The member who said yes and two more.
      capacity: '3',
      deadlineDate: deadline.toISODate() as string,
      deadlineTime: '12:00',
      openToOutsiders: 'on',
      questions: 'Hensyn til kost?\nHvilken tjeneste jobber du i?',
    },
    `/gatherings/${fagdag}/registration`,
  );
  expect(res.status).toBe(303);
  const settings = await t.db('registration_settings').where({ gathering_id: fagdag }).first();
  expect(settings).toMatchObject({ capacity: 3, open_to_outsiders: true, organizer_email: 'kari@korus.example' });
  expect(settings!.questions).toEqual(['Hensyn til kost?', 'Hvilken tjeneste jobber du i?']);
  expect(DateTime.fromJSDate(settings!.deadline).setZone('Europe/Oslo').toFormat('yyyy-MM-dd HH:mm')).toBe(
    `${deadline.toISODate()} 12:00`,
  );
  slug = settings!.public_slug;
  const after = await client.get(`/gatherings/${fagdag}/registration`);
  expect(after.text).toContain(`https://samling.test/pamelding/${slug}`);
  expect(after.text).toContain('3 plasser: 1 medlemmer har svart ja, 0 er påmeldt, 2 ledige.');
});

test('the public page takes a registration without signing in; the confirmation carries the calendar invite', async () => {
  const client = t.client();
  const page = await client.get(`/pamelding/${slug}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('ROP-skole: kartlegging');
  expect(page.text).toContain('Scandic Ørnen, Bergen');
  expect(page.text).toContain('Hensyn til kost?');
  const from = await mailMark();
  const res = await registerAs(client, person('Anna Andersen', 'anna@askoy.example'));
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/pamelding/${slug}/takk`);
  expect((await client.get(res.headers.location as string)).text).toContain('Vi har sendt deg en e-post');
  const row = await t.db('registrations').where({ email: 'anna@askoy.example' }).first();
  expect(row).toMatchObject({
    status: 'confirmed',
    member: false,
    organisation: 'Askøy kommune – Psykisk helse og rus',
  });
  expect(row!.answers).toEqual(['Vegetar', 'Kommunal tjeneste']);

  const [mail] = await mailsTo('anna@askoy.example', from);
  expect(mail!.subject).toMatch(/^Påmeldt: Felles fagdag \d{1,2}\.\d{1,2}\.\d{4}$/);
  expect(mail!.text).toContain('Du har plass');
  expect(mail!.text).toContain('Scandic Ørnen, Bergen');
  expect(mail!.replyTo && 'text' in mail!.replyTo ? mail!.replyTo.text : '').toBe('kari@korus.example');
  const ics = calendarOf(mail!);
  expect(ics).toContain('METHOD:REQUEST');
  expect(ics).toContain(`DTSTART;TZID=Europe/Oslo:${start.toFormat("yyyyMMdd'T'HHmmss")}`);
  expect(ics).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Oslo/);
  const event = eventOf(ics)!;
  const gathering = await t.db('gatherings').where({ id: fagdag }).first();
  expect(event.uid).toBe(gathering!.uid);
  expect(Number(event.sequence)).toBe(gathering!.version + gathering!.uninvitations);
  expect(event.start.getTime()).toBe(start.toMillis());
  expect(event.end?.getTime()).toBe(start.plus({ hours: 5 }).toMillis());
  expect(event.location).toBe('Scandic Ørnen, Bergen');
  expect(String(event.summary)).toBe('Felles fagdag: ROP-skole: kartlegging');
  expect(JSON.stringify(event.organizer)).toContain('kari@korus.example');
  const attendee = (Array.isArray(event.attendee) ? event.attendee[0] : event.attendee) as unknown as { val: string };
  expect(attendee.val).toContain('anna@askoy.example');
  expect(cancelLinkIn(mail!)).toBeDefined();
  // Only the link's hash is stored.
  expect(JSON.stringify(row)).not.toContain(cancelLinkIn(mail!)!.split('/').pop());
});

test('past capacity people go on the waiting list; a second registration of an address tells the page nothing', async () => {
  const client = t.client();
  const from = await mailMark();
  await registerAs(client, person('Bjørn Berg', 'bjorn@fjell.example'));
  expect(await statusOf('bjorn@fjell.example')).toBe('confirmed');
  const page = await client.get(`/pamelding/${slug}`);
  expect(page.text).toContain('Det er fullt');
  const waiting = await registerAs(client, person('Cecilie Cruz', 'cecilie@bergen.example'));
  expect(waiting.headers.location).toBe(`/pamelding/${slug}/takk`);
  expect(await statusOf('cecilie@bergen.example')).toBe('waiting');
  const [waitMail] = await mailsTo('cecilie@bergen.example', from);
  expect(waitMail!.subject).toMatch(/^Venteliste: Felles fagdag /);
  expect(waitMail!.text).toContain('du står på ventelisten');
  expect(calendarOf(waitMail!)).toBe('');

  // Anna again: the same answer as the first time, no second row, and the email tells her, with a new cancel link.
  const before = await mailMark();
  const again = await registerAs(t.client(), person('Anna A.', 'ANNA@askoy.example'));
  expect(again.status).toBe(303);
  expect(again.headers.location).toBe(`/pamelding/${slug}/takk`);
  expect(await t.db('registrations').where({ email: 'anna@askoy.example' }).count({ n: '*' }).first()).toEqual({
    n: 1,
  });
  const [againMail] = await mailsTo('anna@askoy.example', before);
  expect(againMail!.subject).toMatch(/^Du er allerede påmeldt: /);
  expect(againMail!.text).toContain('Du har plass.');
});

test('registering one address over and over sends it at most three emails an hour; the page answers the same', async () => {
  const from = await mailMark();
  for (let i = 0; i < 5; i++) {
    const res = await registerAs(t.client(), person('Jon Ofte', 'jon@ofte.example'));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/pamelding/${slug}/takk`);
  }
  expect(await mailsTo('jon@ofte.example', from)).toHaveLength(3);
  expect(await t.db('registrations').where({ email: 'jon@ofte.example' }).count({ n: '*' }).first()).toEqual({ n: 1 });
  await t.db('registrations').where({ email: 'jon@ofte.example' }).delete();
});

test('cancelling from the link sends a CANCEL and moves the first on the waiting list up with an invite', async () => {
  const annaMails = await mailsTo('anna@askoy.example');
  const first = eventOf(calendarOf(annaMails[0]!))!;
  const link = cancelLinkIn(annaMails[annaMails.length - 1]!)!;
  // The first email's link was replaced by the one in the latest email.
  expect((await t.client().get(cancelLinkIn(annaMails[0]!)!)).status).toBe(404);
  // The token never reaches the request log.
  expect(withoutTokens(link)).toBe('/avmelding/[token]');
  const client = t.client();
  const page = await client.get(link);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Meld meg av');
  // A GET changes nothing (mail scanners open links).
  expect(await statusOf('anna@askoy.example')).toBe('confirmed');
  const from = await mailMark();
  const res = await client.post(link, {}, link);
  expect(res.status).toBe(303);
  expect((await client.get(link)).text).toContain('Du er meldt av.');
  expect(await statusOf('anna@askoy.example')).toBeUndefined();
  expect(await statusOf('cecilie@bergen.example')).toBe('confirmed');

  const [cancelMail] = await mailsTo('anna@askoy.example', from);
  expect(cancelMail!.subject).toMatch(/^Avmeldt: /);
  const cancelIcs = calendarOf(cancelMail!);
  expect(cancelIcs).toContain('METHOD:CANCEL');
  const cancelled = eventOf(cancelIcs)!;
  expect(cancelled.uid).toBe(first.uid);
  expect(Number(cancelled.sequence)).toBeGreaterThan(Number(first.sequence));

  const [promoted] = await mailsTo('cecilie@bergen.example', from);
  expect(promoted!.subject).toMatch(/^Du har fått plass: /);
  const invite = calendarOf(promoted!);
  expect(invite).toContain('METHOD:REQUEST');
  const event = eventOf(invite)!;
  expect(event.uid).toBe(first.uid);
  expect(Number(event.sequence)).toBe(Number(cancelled.sequence));
  expect(event.start.getTime()).toBe(start.toMillis());
  expect(cancelLinkIn(promoted!)).toBeDefined();
  expect((await t.client().get(cancelLinkIn(promoted!)!)).text).toContain('du er påmeldt');
});

test('a change to the fagdag reaches those with a place: an update with a calendar REQUEST at a higher SEQUENCE', async () => {
  const [first] = await mailsTo('bjorn@fjell.example');
  const before = eventOf(calendarOf(first!))!;
  const client = await t.client().signIn(korus);
  const gathering = await t.db('gatherings').where({ id: fagdag }).first();
  const res = await client.post(
    `/gatherings/${fagdag}`,
    {
      date: start.toISODate() as string,
      startTime: '10:00',
      endTime: '15:00',
      format: 'physical',
      kind: 'fagdag',
      venue: 'Grieghallen, Bergen',
      meetingUrl: '',
      topic: 'ROP-skole: kartlegging',
      version: String(gathering!.version),
    },
    `/gatherings/${fagdag}/edit`,
  );
  expect(res.status).toBe(303);
  const from = await mailMark();
  // The update waits UPDATE_DELAY_MINUTES for more changes; made due now instead.
  await worker.runDueNow();
  const [update] = await mailsTo('bjorn@fjell.example', from);
  expect(update!.subject).toMatch(/^Endret: Felles fagdag /);
  expect(update!.text).toContain('Grieghallen, Bergen');
  const event = eventOf(calendarOf(update!))!;
  expect(calendarOf(update!)).toContain('METHOD:REQUEST');
  expect(event.uid).toBe(before.uid);
  expect(Number(event.sequence)).toBeGreaterThan(Number(before.sequence));
  expect(event.location).toBe('Grieghallen, Bergen');
  expect(event.start.getTime()).toBe(start.toMillis());
});

test('a bot that fills the hidden field is told what a person is told; nothing is stored or sent', async () => {
  const count = await t.db('registrations').count({ n: '*' }).first();
  const from = await mailMark();
  const res = await registerAs(t.client(), person('Bot', 'bot@spam.example', { website: 'https://spam.example' }));
  expect(res.status).toBe(303);
  expect(res.headers.location).toBe(`/pamelding/${slug}/takk`);
  expect(await t.db('registrations').count({ n: '*' }).first()).toEqual(count);
  await waitForQueueDrained(t.db);
  expect(smtp.messages.length).toBe(from);
  expect(await t.db('outgoing_emails').where({ to_email: 'bot@spam.example' }).first()).toBeUndefined();
});

test('an identity number in any field is refused at the field, the input kept, nothing stored', async () => {
  const count = await t.db('registrations').count({ n: '*' }).first();
  for (const field of ['name', 'organisation', 'profession', 'answer0']) {
    const res = await registerAs(
      t.client(),
      person('Dagny Dahl', 'dagny@bergen.example', { [field]: 'Avd. 010100 12356' }),
    );
    expect(res.status).toBe(422);
    expect(res.text).toContain('Teksten ser ut til å inneholde et fødselsnummer');
    expect(res.text).toContain('dagny@bergen.example');
  }
  expect(await t.db('registrations').count({ n: '*' }).first()).toEqual(count);
});

test('closed to outsiders: a member registers, an outsider is told by email only; the page says the same to both', async () => {
  await t
    .db('registration_settings')
    .where({ gathering_id: fagdag })
    .update({ open_to_outsiders: false, capacity: 10 });
  const from = await mailMark();
  const outsider = await registerAs(t.client(), person('Erik Ute', 'erik@ute.example'));
  const member = await registerAs(t.client(), person('Mikkel Medlem', 'mikkel@kommune.example'));
  expect(outsider.headers.location).toBe(member.headers.location);
  expect(await t.db('registrations').where({ email: 'erik@ute.example' }).first()).toBeUndefined();
  expect(await t.db('registrations').where({ email: 'mikkel@kommune.example' }).first()).toMatchObject({
    member: true,
    status: 'confirmed',
  });
  const [closedMail] = await mailsTo('erik@ute.example', from);
  expect(closedMail!.subject).toMatch(/^Påmeldingen ble ikke registrert: /);
  expect(closedMail!.text).toContain('bare for medlemmer av nettverkene');
  await t.db('registration_settings').where({ gathering_id: fagdag }).update({ open_to_outsiders: true, capacity: 3 });
});

test('raising the capacity moves the waiting list up at once', async () => {
  // Full: Mona (yes), Bjørn, Cecilie and Mikkel take 4 of 3 places, so a newcomer waits.
  const before = await mailMark();
  await registerAs(t.client(), person('Frida Fjord', 'frida@fjord.example'));
  expect(await statusOf('frida@fjord.example')).toBe('waiting');
  // A waiting registrant is told so (before the capacity changes).
  const [waitingMail] = await mailsTo('frida@fjord.example', before);
  expect(waitingMail!.subject).toMatch(/^Venteliste: /);
  const client = await t.client().signIn(korus);
  const settings = await t.db('registration_settings').where({ gathering_id: fagdag }).first();
  const from = await mailMark();
  const res = await client.post(
    `/gatherings/${fagdag}/registration`,
    {
      open: 'on',
      capacity: '5',
      deadlineDate: DateTime.fromJSDate(settings!.deadline).setZone('Europe/Oslo').toISODate() as string,
      deadlineTime: '12:00',
      openToOutsiders: 'on',
      questions: 'Hensyn til kost?\nHvilken tjeneste jobber du i?',
      version: String(settings!.version),
    },
    `/gatherings/${fagdag}/registration`,
  );
  expect(res.status).toBe(303);
  expect(await statusOf('frida@fjord.example')).toBe('confirmed');
  const mails = await mailsTo('frida@fjord.example', from);
  expect(mails.map((m) => m.subject)).toEqual([expect.stringMatching(/^Du har fått plass: /)]);
  expect(calendarOf(mails[0]!)).toContain('METHOD:REQUEST');
});

test('two registrations at once for the last place: one gets it, the other waits', async () => {
  // Five places: Mona, Bjørn, Cecilie, Mikkel and Frida. One more place makes six.
  await t.db('registration_settings').where({ gathering_id: fagdag }).update({ capacity: 6 });
  const [a, b] = await Promise.all([
    registerAs(t.client(), person('Gro Gran', 'gro@gran.example')),
    registerAs(t.client(), person('Hans Hage', 'hans@hage.example')),
  ]);
  expect([a.status, b.status]).toEqual([303, 303]);
  const statuses = [await statusOf('gro@gran.example'), await statusOf('hans@hage.example')].sort();
  expect(statuses).toEqual(['confirmed', 'waiting']);
  const confirmed = await t.db('registrations').where({ gathering_id: fagdag, status: 'confirmed' }).count({ n: '*' });
  expect(Number(confirmed[0]!.n) + 1).toBe(6);
});

test('after the deadline the page says so and a registration is refused, with nothing stored', async () => {
  await t
    .db('registration_settings')
    .where({ gathering_id: fagdag })
    .update({ deadline: new Date(Date.now() - 60_000) });
  const client = t.client();
  const page = await client.get(`/pamelding/${slug}`);
  expect(page.text).toContain('Påmeldingsfristen er ute.');
  expect(page.text).not.toContain('Meld meg på');
  const res = await registerAs(client, person('Ida Sen', 'ida@sen.example'));
  expect(res.status).toBe(409);
  expect(await t.db('registrations').where({ email: 'ida@sen.example' }).first()).toBeUndefined();
});

test('KORUS sees the registrations and exports them; the export says when outsiders are deleted', async () => {
  const client = await t.client().signIn(korus);
  const list = await client.get(`/gatherings/${fagdag}/registrations`);
  expect(list.status).toBe(200);
  expect(list.text).toContain('Bjørn Berg');
  expect(list.text).toContain('Vegetar');
  expect(list.text).toMatch(/Venteliste \(1\)/);
  const csv = await client.get(`/gatherings/${fagdag}/registrations.csv`);
  expect(csv.status).toBe(200);
  expect(csv.headers['content-type']).toContain('text/csv');
  const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
  expect(lines[0]).toBe(
    'Navn;E-post;Arbeidssted;Yrke;Status;Medlem av nettverkene;Til stede;Påmeldt;Slettes;Hensyn til kost?;Hvilken tjeneste jobber du i?',
  );
  const deletion = start.plus({ hours: 5 }).plus({ months: 6 }).toISODate();
  const bjorn = lines.find((l) => l.startsWith('Bjørn Berg;'))!;
  expect(bjorn).toContain(';påmeldt;nei;nei;');
  expect(bjorn).toContain(`;${deletion};Vegetar;Kommunal tjeneste`);
  const mikkel = lines.find((l) => l.startsWith('Mikkel Medlem;'))!;
  expect(mikkel).toContain(';påmeldt;ja;nei;');
  expect(mikkel).not.toContain(deletion);
  expect(csv.text).toContain(
    `Påmeldinger fra personer utenfor nettverkene slettes 6 måneder etter fagdagen, ${deletion}.`,
  );
  expect(await t.db('audit_log').where({ action: 'exportRegistrations', entity_id: fagdag }).first()).toBeDefined();
  // The audit log tells what happened, and names no registrant.
  const audit = await client.get(`/audit?gathering=${fagdag}`);
  expect(audit.status).toBe(200);
  expect(audit.text).toContain('En person meldte seg på');
  expect(audit.text).toContain('En påmeldt meldte seg av');
  expect(audit.text).toContain('lastet ned de påmeldte');
  expect(audit.text).not.toContain('Bjørn Berg');
});

test('a registrant marked present after the day is asked to evaluate it, and the link works', async () => {
  const held = DateTime.now().setZone('Europe/Oslo').minus({ hours: 6 }).toJSDate();
  const past = await makeGathering(t.db, { networkIds: [networkA, networkB], startsAt: held, kind: 'fagdag' });
  await t.db('registration_settings').insert({
    gathering_id: past,
    public_slug: newSecretToken(12),
    capacity: 10,
    deadline: held,
    organizer_name: 'Kari Korus',
    organizer_email: 'kari@korus.example',
  });
  const [came, absent] = await t
    .db('registrations')
    .insert(
      ['Kom Kristensen', 'Borte Bakke'].map((name, i) => ({
        gathering_id: past,
        name,
        email: `${name.split(' ')[0]!.toLowerCase()}@ute.example`,
        organisation: 'Frivillig',
        status: 'confirmed',
        cancel_token_hash: hashSecretToken(newSecretToken(24) + i),
      })),
    )
    .returning('id');
  const client = await t.client().signIn(korus);
  const from = await mailMark();
  const res = await client.post(
    `/gatherings/${past}/registrations/attendance`,
    { present: [String(came!.id)] },
    `/gatherings/${past}/registrations`,
  );
  expect(res.status).toBe(303);
  expect(await t.db('registrations').where({ id: came!.id }).first()).toMatchObject({ attended: true });
  expect(await t.db('registrations').where({ id: absent!.id }).first()).toMatchObject({ attended: false });
  const [mail] = await mailsTo('kom@ute.example', from);
  expect(mail!.subject).toMatch(/^Hvordan var samlingen\?/);
  expect(await mailsTo('borte@ute.example', from)).toEqual([]);
  const link = /https:\/\/samling\.test(\/evaluation\/[A-Za-z0-9_-]+)/.exec(mail!.text ?? '')![1]!;
  const visitor = t.client();
  expect((await visitor.get(link)).status).toBe(200);
  const answer = await visitor.post(link, { usefulness: '5', topicRelevant: 'yes', enoughExchange: 'yes' }, link);
  expect(answer.status).toBe(303);
  expect(await t.db('evaluations').where({ gathering_id: past }).count({ n: '*' }).first()).toEqual({ n: 1 });

  // Marked present later, and reminded like anyone who has not answered; the one who answered is not.
  const later = await mailMark();
  await client.post(
    `/gatherings/${past}/registrations/attendance`,
    { present: [String(came!.id), String(absent!.id)] },
    `/gatherings/${past}/registrations`,
  );
  expect(await mailsTo('borte@ute.example', later)).toHaveLength(1);
  expect(await mailsTo('kom@ute.example', later)).toEqual([]);
  const reminders = await mailMark();
  const remind = await client.post(`/gatherings/${past}/evaluation/remind`, {}, `/gatherings/${past}/evaluation`);
  expect(remind.status).toBe(303);
  const [reminder] = await mailsTo('borte@ute.example', reminders);
  expect(reminder!.subject).toMatch(/^Påminnelse: evaluering av /);
  expect(await mailsTo('kom@ute.example', reminders)).toEqual([]);
});

test('the nightly job deletes the registrations of people in no network once the set months have passed', async () => {
  const old = DateTime.now().minus({ months: 7 }).toJSDate();
  const gone = await makeGathering(t.db, { networkIds: [networkA], startsAt: old, kind: 'fagdag' });
  const recent = await makeGathering(t.db, {
    networkIds: [networkA],
    startsAt: DateTime.now().minus({ months: 5 }).toJSDate(),
    kind: 'fagdag',
  });
  const row = (gathering_id: number, email: string, member: boolean) => ({
    gathering_id,
    name: email,
    email,
    organisation: 'X',
    status: 'confirmed',
    member,
    cancel_token_hash: hashSecretToken(newSecretToken(24)),
  });
  await t
    .db('registrations')
    .insert([
      row(gone, 'old.outsider@ute.example', false),
      row(gone, 'old.member@kommune.example', true),
      row(recent, 'recent.outsider@ute.example', false),
    ]);
  expect(await deleteExpiredRegistrations(t.db, 6)).toBe(1);
  const left = await t.db('registrations').whereIn('gathering_id', [gone, recent]).orderBy('email').pluck('email');
  expect(left).toEqual(['old.member@kommune.example', 'recent.outsider@ute.example']);
  expect(
    await t.db('audit_log').where({ action: 'deleteExpiredRegistrations', entity_id: gone }).first(),
  ).toBeDefined();
});

test('a change to a fagdag whose invitations have not gone out updates its registrants and invites nobody', async () => {
  const when = DateTime.now()
    .setZone('Europe/Oslo')
    .plus({ days: 25 })
    .set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  // With a leader, network A's members would be sent the invitations, were they sent.
  await makeMember(t.db, networkA, { role: 'leader' });
  const quiet = await makeGathering(t.db, {
    networkIds: [networkA, networkB],
    startsAt: when.toJSDate(),
    kind: 'fagdag',
  });
  await t.db('registration_settings').insert({
    gathering_id: quiet,
    public_slug: newSecretToken(12),
    capacity: 10,
    deadline: when.toJSDate(),
    organizer_name: 'Kari Korus',
    organizer_email: 'kari@korus.example',
  });
  await t.db('registrations').insert({
    gathering_id: quiet,
    name: 'Tidlig Påmeldt',
    email: 'tidlig@ute.example',
    organisation: 'X',
    status: 'confirmed',
    cancel_token_hash: hashSecretToken(newSecretToken(24)),
  });
  const client = await t.client().signIn(korus);
  const gathering = await t.db('gatherings').where({ id: quiet }).first();
  const from = await mailMark();
  const res = await client.post(
    `/gatherings/${quiet}`,
    {
      date: when.toISODate() as string,
      startTime: '09:30',
      endTime: '12:00',
      format: 'physical',
      kind: 'fagdag',
      venue: 'Kronstad DPS',
      meetingUrl: '',
      topic: '',
      version: String(gathering!.version),
    },
    `/gatherings/${quiet}/edit`,
  );
  expect(res.status).toBe(303);
  await worker.runDueNow();
  const [update] = await mailsTo('tidlig@ute.example', from);
  expect(eventOf(calendarOf(update!))!.start.getTime()).toBe(when.set({ minute: 30 }).toMillis());
  expect(smtp.messages.slice(from).map(to)).toEqual(['tidlig@ute.example']);
  expect(await t.db('invitations').where({ gathering_id: quiet }).first()).toBeUndefined();
});

test('cancelling the fagdag tells its registrants: the confirmed get a calendar CANCEL, those waiting the email', async () => {
  const when = DateTime.now().setZone('Europe/Oslo').plus({ days: 20 }).set({ hour: 9, minute: 0 });
  const other = await makeGathering(t.db, {
    networkIds: [networkA, networkB],
    startsAt: when.toJSDate(),
    kind: 'fagdag',
  });
  const row = (email: string, status: string) => ({
    gathering_id: other,
    name: email,
    email,
    organisation: 'X',
    status,
    cancel_token_hash: hashSecretToken(newSecretToken(24)),
  });
  await t
    .db('registrations')
    .insert([
      row('kommer@ute.example', 'confirmed'),
      row('venter@ute.example', 'waiting'),
      { ...row('gikk@ute.example', 'cancelled'), cancelled_at: new Date() },
    ]);
  const client = await t.client().signIn(korus);
  const from = await mailMark();
  const res = await client.post(
    `/gatherings/${other}/remove`,
    { confirm: 'yes', message: 'Foreleseren er syk.' },
    `/gatherings/${other}/cancel`,
  );
  expect(res.status).toBe(303);
  const [confirmed] = await mailsTo('kommer@ute.example', from);
  expect(confirmed!.subject).toMatch(/^Avlyst/);
  expect(confirmed!.text).toContain('Foreleseren er syk.');
  const ics = calendarOf(confirmed!);
  expect(ics).toContain('METHOD:CANCEL');
  expect(eventOf(ics)!.uid).toBe((await t.db('gatherings').where({ id: other }).first())!.uid);
  const [waiting] = await mailsTo('venter@ute.example', from);
  expect(calendarOf(waiting!)).toBe('');
  expect(await mailsTo('gikk@ute.example', from)).toEqual([]);
});

test("a member's own data export lists their registrations", async () => {
  const client = await t.client().signIn(memberB);
  const data = (await client.get('/me/export')).body as { registrations: { name: string; status: string }[] };
  expect(data.registrations).toEqual([expect.objectContaining({ name: 'Mikkel Medlem', status: 'confirmed' })]);
});
