import ical, { type VEvent } from 'node-ical';
import type { ParsedMail } from 'mailparser';
import { DateTime } from 'luxon';
import request from 'supertest';
import { startTestApp, type TestApp, csrfIn } from '../support/app';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

process.env.TZ = 'America/New_York';

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let networkId: number;
let leader: number;
let gatheringId: number;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  const regionId = await makeRegion(t.db);
  networkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: regionId }),
    name: 'ROP-nettverk Øyane DPS',
  });
  const unit = await makeUnit(t.db, { region_id: regionId });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Liv Leder', email: 'liv.leder@helse-bergen.example' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  for (const [name, language] of [
    ['Nils Nynorsk', 'nn'],
    ['Berit Bokmål', 'nb'],
  ] as const) {
    await makeMembership(t.db, {
      network_id: networkId,
      participant_id: await makeParticipant(t.db, {
        unit_id: unit,
        name,
        language,
        email: `${name.split(' ')[0]?.toLowerCase()}@kommune.example`,
      }),
    });
  }
  // Accepted: the Thursday after the last Sunday of March (summer time).
  const start = DateTime.fromISO(`${YEAR}-04-01T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: start.toJSDate(),
      ends_at: start.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      topic: 'ROP-avklaringsmøter',
      venue: 'Øyane DPS, Knarvik',
    })
    .returning('id');
  gatheringId = g!.id;
  await t.db('gathering_networks').insert({ gathering_id: gatheringId, network_id: networkId });
  await t.db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200 && !(await condition()); i++) await new Promise((r) => setTimeout(r, 25));
  expect(await condition()).toBe(true);
}

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
const calendarOf = (mail: ParsedMail) => {
  const part = mail.attachments.find((a) => a.contentType === 'text/calendar');
  return part ? part.content.toString() : '';
};

test('the leader sees who will get what, sends, and every member gets one invitation with a calendar request', async () => {
  const client = await t.client().signIn(leader);
  const preview = await client.get(`/networks/${networkId}/plan/send?year=${YEAR}`);
  expect(preview.text).toContain('Send 3 e-poster');
  expect(preview.text).toContain('Nils Nynorsk');
  smtp.messages.length = 0;
  expect(
    (
      await client.post(
        `/networks/${networkId}/plan/send`,
        { year: String(YEAR) },
        `/networks/${networkId}/plan/send?year=${YEAR}`,
      )
    ).status,
  ).toBe(303);
  const mails = await smtp.waitForMessages(3);
  expect(mails.map(to).sort()).toEqual([
    'berit@kommune.example',
    'liv.leder@helse-bergen.example',
    'nils@kommune.example',
  ]);
  const nils = mails.find((m) => to(m) === 'nils@kommune.example') as ParsedMail;
  expect(nils.subject).toMatch(/^Invitasjon: ROP-nettverk Øyane DPS 1\.4\.\d{4}$/);
  expect(nils.text).toContain('Hei Nils Nynorsk,');
  expect(nils.text).toContain('Kjem du?');
  expect(nils.text).toContain('kl. 12:00–15:00');
  expect(nils.text).toContain('Øyane DPS, Knarvik');
  // In plain text every link has its label.
  expect(nils.text).toMatch(/\nSjå agendaen i Samling: https:\/\/samling\.test\/\S+/);
  expect(nils.replyTo && 'text' in nils.replyTo ? nils.replyTo.text : '').toBe('liv.leder@helse-bergen.example');
  const ics = calendarOf(nils);
  expect(ics).toContain('METHOD:REQUEST');
  expect(ics).toMatch(/DTSTART;TZID=Europe\/Oslo:\d{4}0401T120000/);
  const [event] = Object.values(ical.sync.parseICS(ics)).filter((c) => c?.type === 'VEVENT') as VEvent[];
  const gathering = await t.db('gatherings').where({ id: gatheringId }).first();
  expect(event?.uid).toBe(gathering!.uid);
  expect(JSON.stringify(event?.organizer)).toContain('liv.leder@helse-bergen.example');
  const attendee = (Array.isArray(event?.attendee) ? event?.attendee[0] : event?.attendee) as unknown as {
    val: string;
    params: Record<string, string>;
  };
  expect(attendee.val).toContain('nils@kommune.example');
  expect(String(attendee.params.RSVP).toUpperCase()).toBe('TRUE');
  expect(ics).toMatch(/ATTENDEE;[^\r\n]*RSVP=TRUE/);

  // Sending the same plan again sends nothing.
  const again = await client.get(`/networks/${networkId}/plan/send?year=${YEAR}`);
  expect(again.text).toContain('Det er ingenting nytt å sende');
});

test("after sending, the leader sees the state of the network's messages and resends a failed one", async () => {
  // How a message ends up failed (the SMTP server refusing through every attempt) is covered in
  // mail-queue.test.ts; here Berit's invitation has failed that way.
  await waitUntil(
    async () => (await t.db('outgoing_emails').where({ template: 'invitation', status: 'sent' })).length === 3,
  );
  await t
    .db('outgoing_emails')
    .where({ to_email: 'berit@kommune.example', template: 'invitation' })
    .update({ status: 'failed', attempts: 8, last_error: '550 Mailbox unavailable' });
  const client = await t.client().signIn(leader);
  const send = await client.get(`/networks/${networkId}/plan/send?year=${YEAR}`);
  expect(send.text).toContain('2 sendt, 0 i kø, 1 feilet.');
  expect(send.text).toContain(`href="/emails?network=${networkId}&amp;status=failed"`);
  const failed = await client.get(`/emails?network=${networkId}&status=failed`);
  expect(failed.text).toContain('berit@kommune.example');
  expect(failed.text).toContain('550 Mailbox unavailable');
  expect(failed.text).not.toContain('nils@kommune.example');
  const { id } = (await t
    .db('outgoing_emails')
    .where({ to_email: 'berit@kommune.example', template: 'invitation' })
    .first('id'))!;
  const before = smtp.messages.length;
  expect((await client.post(`/emails/${id}/resend`, {}, `/emails?network=${networkId}&status=failed`)).status).toBe(
    303,
  );
  const again = (await smtp.waitForMessages(before + 1))[before];
  expect(to(again as ParsedMail)).toBe('berit@kommune.example');
  expect(calendarOf(again as ParsedMail)).toContain('METHOD:REQUEST');
  await waitUntil(async () => (await t.db('outgoing_emails').where({ id }).first('status'))!.status === 'sent');
  expect((await client.get(`/networks/${networkId}/plan/send?year=${YEAR}`)).text).toContain(
    '3 sendt, 0 i kø, 0 feilet.',
  );
});

test('after a long SMTP outage, the leader sends every failed message of the network again with one click', async () => {
  await waitUntil(
    async () => (await t.db('outgoing_emails').where({ template: 'invitation', status: 'sent' })).length === 3,
  );
  await t
    .db('outgoing_emails')
    .where({ template: 'invitation' })
    .whereIn('to_email', ['berit@kommune.example', 'nils@kommune.example'])
    .update({ status: 'failed', attempts: 8, last_error: '421 Try again later' });
  const client = await t.client().signIn(leader);
  const send = `/networks/${networkId}/plan/send?year=${YEAR}`;
  expect((await client.get(send)).text).toContain('Send alle 2 som feilet på nytt');
  const before = smtp.messages.length;
  expect((await client.post(`/networks/${networkId}/emails/resend-failed`, {}, send)).status).toBe(303);
  const again = (await smtp.waitForMessages(before + 2)).slice(before);
  expect(again.map(to).sort()).toEqual(['berit@kommune.example', 'nils@kommune.example']);
  await waitUntil(
    async () => (await t.db('outgoing_emails').where({ template: 'invitation', status: 'sent' })).length === 3,
  );
  expect(
    await t.db('audit_log').where({ action: 'resendFailed', entity_id: networkId }).first('changes'),
  ).toBeDefined();
  // Nothing failed any more: a second click sends nothing.
  await client.post(`/networks/${networkId}/emails/resend-failed`, {}, send);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages.length).toBe(before + 2);
});

test("an answer is recorded only by a POST from the email's link, and can be changed", async () => {
  const nils = smtp.messages.find((m) => to(m) === 'nils@kommune.example') as ParsedMail;
  const link = /https:\/\/samling\.test(\/rsvp\/[A-Za-z0-9_-]+)\?answer=yes/.exec(nils.text ?? '')?.[1] as string;
  const browser = t.client();
  const preview = await browser.get(`${link}?answer=yes`);
  expect(preview.status).toBe(200);
  // The day and the time (the time was lost to a helper of the same name).
  expect(preview.text).toMatch(/<strong>\p{L}+dag 1\. april \d{4}, 12:00–15:00<\/strong>/u);
  const invitation = () =>
    t
      .db('invitations as i')
      .join('participants as p', 'p.id', 'i.participant_id')
      .where('p.name', 'Nils Nynorsk')
      .first('i.answer');
  expect((await invitation()).answer).toBeNull();
  expect((await browser.post(link, { answer: 'yes' }, link)).status).toBe(303);
  expect((await invitation()).answer).toBe('yes');
  expect((await browser.get(link)).text).toContain('Du har svart at du kjem');
  await browser.post(link, { answer: 'no' }, link);
  expect((await invitation()).answer).toBe('no');
  expect((await request(t.app).get('/rsvp/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  expect((await browser.post(link, { answer: 'kanskje-ja' }, link)).status).toBe(422);
  const plan = await (await t.client().signIn(leader)).get(`/networks/${networkId}/plan?year=${YEAR}`);
  expect(plan.text).toContain('Svar: 0 kommer, 0 kanskje, 1 kan ikke, 2 har ikke svart.');
  const page = await (await t.client().signIn(leader)).get(`/gatherings/${gatheringId}/edit`);
  expect(page.text).toMatch(/Kan ikke \(1\)<\/dt><dd>Nils Nynorsk<\/dd>/);
  expect(page.text).toMatch(/Har ikke svart \(2\)<\/dt><dd>Berit Bokmål, Liv Leder<\/dd>/);
});

test('a change goes out as an update: same UID, higher SEQUENCE, and the email says so', async () => {
  const first = calendarOf(smtp.messages.find((m) => to(m) === 'berit@kommune.example') as ParsedMail);
  await t
    .db('gatherings')
    .where({ id: gatheringId })
    .update({ venue: 'Knarvik kulturhus', version: t.db.raw('version + 1') });
  smtp.messages.length = 0;
  const client = await t.client().signIn(leader);
  await client.post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  const mails = await smtp.waitForMessages(3);
  const berit = mails.find((m) => to(m) === 'berit@kommune.example') as ParsedMail;
  expect(berit.subject).toMatch(/^Endret: /);
  expect(berit.text).toContain('Dette er endret:\n- Sted: endret fra Øyane DPS, Knarvik til Knarvik kulturhus\n');
  expect(berit.html).toContain('<li>Sted: endret fra Øyane DPS, Knarvik til Knarvik kulturhus</li>');
  const second = calendarOf(berit);
  expect(/UID:([^\r\n]+)/.exec(second)?.[1]).toBe(/UID:([^\r\n]+)/.exec(first)?.[1]);
  expect(Number(/SEQUENCE:(\d+)/.exec(second)?.[1])).toBeGreaterThan(Number(/SEQUENCE:(\d+)/.exec(first)?.[1]));
});

test('several quick changes go out as one update, after the waiting time', async () => {
  const client = await t.client().signIn(leader);
  smtp.messages.length = 0;
  for (const venue of ['Knarvik, sal 1', 'Knarvik, sal 2']) {
    const g = await t.db('gatherings').where({ id: gatheringId }).first();
    const form = {
      date: `${YEAR}-04-01`,
      startTime: '12:00',
      endTime: '15:00',
      format: 'physical',
      kind: 'regular',
      venue,
      meetingUrl: '',
      topic: 'ROP-avklaringsmøter',
      version: String(g!.version),
    };
    expect((await client.post(`/gatherings/${gatheringId}`, form, `/gatherings/${gatheringId}/edit`)).status).toBe(303);
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(smtp.messages).toHaveLength(0); // still inside the 15-minute window
  await worker.runDueNow();
  const mails = await smtp.waitForMessages(3);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(smtp.messages).toHaveLength(3);
  expect(mails.map((m) => m.subject?.split(':')[0])).toEqual(expect.arrayContaining(['Endret', 'Endret', 'Endra']));
  expect(mails.every((m) => (m.text ?? '').includes('Knarvik, sal 2'))).toBe(true);
  // One update, listing the change from what each person last got to what holds now.
  const nils = mails.find((m) => to(m) === 'nils@kommune.example') as ParsedMail;
  expect(nils.text).toContain('Dette er endra:\n- Stad: endra frå Knarvik kulturhus til Knarvik, sal 2\n');
});

test('moving a gathering and publishing its agenda are told in plain words', async () => {
  const g = await t.db('gatherings').where({ id: gatheringId }).first();
  await t.db('agenda_versions').insert({
    gathering_id: gatheringId,
    version: 1,
    snapshot: JSON.stringify({
      topic: 'ROP-avklaringsmøter',
      startTime: '13:00',
      endTime: '16:00',
      items: [
        {
          kind: 'welcome',
          title: 'Velkommen',
          description: '',
          durationMinutes: 15,
          startTime: '13:00',
          endTime: '13:15',
          responsible: '',
        },
      ],
    }),
  });
  await t
    .db('gatherings')
    .where({ id: gatheringId })
    .update({
      starts_at: new Date(g!.starts_at.getTime() + 7 * 24 * 3600_000 + 3600_000),
      ends_at: new Date(g!.ends_at.getTime() + 7 * 24 * 3600_000 + 3600_000),
      version: g!.version + 1,
    });
  const before = smtp.messages.length;
  await (await t.client().signIn(leader)).post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  const berit = (await smtp.waitForMessages(before + 3))
    .slice(before)
    .find((m) => to(m) === 'berit@kommune.example') as ParsedMail;
  expect(berit.text).toMatch(
    /- Tidspunkt: flyttet fra \p{L}+ 1\. april \d{4} kl\. 12:00–15:00 til \p{L}+ 8\. april \d{4} kl\. 13:00–16:00\n- Agendaen er publisert \(se under\)\n/u,
  );
  expect(berit.text).toContain('13:00–13:15  Velkommen');
});

let beritsUpdate: ParsedMail | undefined;

test("a published agenda's times follow the gathering when it moves: update, newcomer, calendar and print", async () => {
  await t.db('agenda_items').insert([
    { gathering_id: gatheringId, position: 1, kind: 'welcome', title: 'Velkommen', duration_minutes: 15 },
    { gathering_id: gatheringId, position: 2, kind: 'exchange', title: 'Erfaringsutveksling', duration_minutes: 165 },
  ]);
  const client = await t.client().signIn(leader);
  const builder = `/gatherings/${gatheringId}/agenda`;
  expect((await client.post(`${builder}/publish`, {}, builder)).status).toBe(303);
  await worker.runDueNow();
  await new Promise((resolve) => setTimeout(resolve, 500));

  // Half an hour later, same day: 13:00–16:00 becomes 13:30–16:30.
  const g = await t.db('gatherings').where({ id: gatheringId }).first();
  const date = DateTime.fromJSDate(g!.starts_at).setZone('Europe/Oslo').toISODate() as string;
  const form = {
    date,
    startTime: '13:30',
    endTime: '16:30',
    format: g!.format,
    kind: g!.kind,
    venue: g!.venue,
    meetingUrl: '',
    topic: g!.topic,
    version: String(g!.version),
  };
  smtp.messages.length = 0;
  expect((await client.post(`/gatherings/${gatheringId}`, form, `/gatherings/${gatheringId}/edit`)).status).toBe(303);
  await worker.runDueNow();
  const mails = await smtp.waitForMessages(3);
  const berit = mails.find((m) => to(m) === 'berit@kommune.example') as ParsedMail;
  beritsUpdate = berit;
  expect(berit.text).toContain('13:30–13:45  Velkommen');
  expect(berit.text).toContain('13:45–16:30  Erfaringsutveksling');
  expect(berit.text).not.toContain('13:00–13:15');
  // The move is the change; the agenda itself did not change.
  expect(berit.text).toMatch(/- Tidspunkt: flyttet fra .+ kl\. 13:00–16:00 til .+ kl\. 13:30–16:30\n/u);
  expect(berit.text).not.toContain('Agendaen er endret');
  const event = Object.values(ical.sync.parseICS(calendarOf(berit))).find((c) => c?.type === 'VEVENT') as VEvent;
  expect(event.description).toContain('13:30–13:45 Velkommen');
  expect(event.description).not.toContain('13:00–13:15');

  const print = await client.get(`${builder}/print`);
  expect(print.text).toContain('13:30–16:30');
  expect(print.text).toContain('13:30–13:45');
  expect(print.text).not.toContain('13:00–');
  expect((await client.get(`${builder}/versions/1`)).text).toContain('13:30–13:45');
  expect((await client.get(builder)).text).not.toContain('Agendaen er endret siden');

  // Someone who joins now gets today's times too.
  const unit = (await t.db('participants').where({ id: leader }).first())!.unit_id;
  const newcomer = await makeParticipant(t.db, { unit_id: unit, name: 'Kari Kommer', email: 'kari@kommune.example' });
  smtp.messages.length = 0;
  await client.post(
    `/networks/${networkId}/memberships`,
    { participantId: String(newcomer), role: 'participant' },
    `/networks/${networkId}/members`,
  );
  const [invite] = await smtp.waitForMessages(1);
  expect(invite?.text).toContain('13:30–13:45  Velkommen');
  const membership = await t.db('memberships').where({ participant_id: newcomer }).first();
  await client.post(`/networks/${networkId}/memberships/${membership!.id}/end`, {}, `/networks/${networkId}/members`);
  await smtp.waitForMessages(2);
});

test("the invitation's own link opens that gathering's agenda without signing in; Min side shows what is coming and takes an answer", async () => {
  const mail = beritsUpdate as ParsedMail;
  const agendaLink = /Se agendaen i Samling: https:\/\/samling\.test(\/rsvp\/[A-Za-z0-9_-]+\/agenda)/.exec(
    mail.text ?? '',
  )?.[1] as string;
  expect(agendaLink).toBeDefined();
  expect(mail.html).toContain(`https://samling.test${agendaLink}`);
  const page = await request(t.app).get(agendaLink);
  expect(page.status).toBe(200);
  expect(page.headers['cache-control']).toContain('no-store');
  expect(page.text).toContain('ROP-nettverk Øyane DPS');
  expect(page.text).toContain('13:30–13:45');
  expect(page.text).toContain('Erfaringsutveksling');
  expect(page.text).toContain(`href="${agendaLink.replace(/\/agenda$/, '')}"`);
  // A made-up token opens nothing.
  expect((await request(t.app).get(`/rsvp/${'A'.repeat(32)}/agenda`)).status).toBe(404);

  const beritId = (await t.db('participants').where({ email: 'berit@kommune.example' }).first())!.id;
  const berit = await t.client().signIn(beritId);
  const me = await berit.get('/me');
  expect(me.text).toContain('Samlinger du er invitert til');
  const card = me.text.slice(me.text.indexOf(`id="gathering-${gatheringId}"`));
  expect(card).toMatch(/13:30–16:30/);
  expect(card).toContain('13:30–13:45');
  expect(card).toContain('Sted: ');
  expect(card).toContain('Du har ikke svart ennå.');
  const invitation = await t.db('invitations').where({ gathering_id: gatheringId, participant_id: beritId }).first();
  const answered = await berit.post(`/me/invitations/${invitation!.id}/answer`, { answer: 'maybe' }, '/me');
  expect(answered.status).toBe(303);
  expect(answered.headers.location).toBe(`/me#gathering-${gatheringId}`);
  expect((await t.db('invitations').where({ id: invitation!.id }).first())!.answer).toBe('maybe');
  const after = await berit.get('/me');
  expect(after.text).toContain('Svaret ditt er lagret.');
  expect(after.text).toMatch(/Ditt svar: <strong>Kanskje<\/strong>/);
  // Someone else's invitation is not hers to answer.
  const leaderInvitation = await t
    .db('invitations')
    .where({ gathering_id: gatheringId, participant_id: leader })
    .first();
  expect((await berit.post(`/me/invitations/${leaderInvitation!.id}/answer`, { answer: 'no' }, '/me')).status).toBe(
    403,
  );
  expect((await t.db('invitations').where({ id: leaderInvitation!.id }).first())!.answer).toBe(
    leaderInvitation!.answer,
  );
  // A bad answer records nothing and says so.
  await berit.post(`/me/invitations/${invitation!.id}/answer`, { answer: 'kanskje' }, '/me');
  expect((await t.db('invitations').where({ id: invitation!.id }).first())!.answer).toBe('maybe');
  expect((await berit.get('/me')).text).toContain('Svaret ble ikke lagret');
});

test('someone who joins gets the invitations already sent; someone who leaves is told they are no longer invited', async () => {
  const unit = (await t.db('participants').where({ id: leader }).first())!.unit_id;
  const newcomer = await makeParticipant(t.db, { unit_id: unit, name: 'Ny Deltaker', email: 'ny@kommune.example' });
  const client = await t.client().signIn(leader);
  smtp.messages.length = 0;
  const added = await client.post(
    `/networks/${networkId}/memberships`,
    { participantId: String(newcomer), role: 'participant' },
    `/networks/${networkId}/members`,
  );
  expect(added.status).toBe(303);
  const [invite] = await smtp.waitForMessages(1);
  expect(to(invite as ParsedMail)).toBe('ny@kommune.example');
  expect(calendarOf(invite as ParsedMail)).toContain('METHOD:REQUEST');

  smtp.messages.length = 0;
  const membership = await t
    .db('memberships')
    .where({ network_id: networkId, participant_id: newcomer })
    .whereNull('ends_on')
    .first();
  const leftAt = Date.now();
  expect(
    (
      await client.post(
        `/networks/${networkId}/memberships/${membership!.id}/end`,
        {},
        `/networks/${networkId}/members`,
      )
    ).status,
  ).toBe(303);
  const [cancel] = (await smtp.waitForMessages(1)) as ParsedMail[];
  expect(to(cancel as ParsedMail)).toBe('ny@kommune.example');
  // They are told they are no longer invited; the gathering itself goes ahead.
  expect(cancel?.subject).toMatch(/^Ikke lenger invitert: ROP-nettverk Øyane DPS /);
  expect(cancel?.text).toContain('Du er ikke lenger med i ROP-nettverk Øyane DPS');
  expect(cancel?.text).toContain('Samlingen er ikke avlyst');
  expect(cancel?.text).not.toMatch(/er avlyst:/);
  // RFC 5546 §3.2.5: CANCEL to one attendee, SEQUENCE above the invitation's, no STATUS, a fresh DTSTAMP.
  const invited = calendarOf(invite as ParsedMail);
  const uninvited = calendarOf(cancel as ParsedMail);
  const field = (ics: string, name: string) =>
    new RegExp(`\r\n${name}[:;]([^\r]*)`).exec(ics.replace(/\r\n /g, ''))?.[1];
  expect(uninvited).toContain('METHOD:CANCEL');
  expect(field(uninvited, 'UID')).toBe(field(invited, 'UID'));
  expect(Number(field(uninvited, 'SEQUENCE'))).toBeGreaterThan(Number(field(invited, 'SEQUENCE')));
  expect(uninvited).not.toContain('STATUS:');
  expect(field(uninvited, 'DTSTAMP')).toMatch(/^\d{8}T\d{6}Z$/);
  const stamp = DateTime.fromFormat(field(uninvited, 'DTSTAMP') as string, "yyyyMMdd'T'HHmmss'Z'", { zone: 'utc' });
  expect(stamp.toMillis()).toBeGreaterThanOrEqual(Math.floor(leftAt / 1000) * 1000);
  expect(field(uninvited, 'ATTENDEE')).toMatch(/:MAILTO:ny@kommune\.example$/i);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages).toHaveLength(1);
  // The answer link in the old invitation records nothing any more.
  const link = /https:\/\/samling\.test(\/rsvp\/[A-Za-z0-9_-]+)\?answer=yes/.exec(invite?.text ?? '')?.[1] as string;
  const browser = t.client();
  expect((await browser.get(link)).status).toBe(404);
  const csrf = csrfIn((await browser.get('/login')).text);
  expect((await browser.agent.post(link).type('form').send({ answer: 'yes', _csrf: csrf })).status).toBe(404);
  expect(await t.db('invitations').where({ participant_id: newcomer })).toEqual([]);

  // Back in the network: a new invitation, which calendars take over the cancellation (not below its SEQUENCE).
  smtp.messages.length = 0;
  await client.post(
    `/networks/${networkId}/memberships`,
    { participantId: String(newcomer), role: 'participant' },
    `/networks/${networkId}/members`,
  );
  const [again] = (await smtp.waitForMessages(1)) as ParsedMail[];
  expect(again?.subject).toMatch(/^Invitasjon: /);
  expect(Number(field(calendarOf(again as ParsedMail), 'SEQUENCE'))).toBeGreaterThanOrEqual(
    Number(field(uninvited, 'SEQUENCE')),
  );
  expect(field(calendarOf(again as ParsedMail), 'STATUS')).toBe('CONFIRMED');
  const rejoined = await t.db('memberships').where({ participant_id: newcomer }).whereNull('ends_on').first();
  await client.post(`/networks/${networkId}/memberships/${rejoined!.id}/end`, {}, `/networks/${networkId}/members`);
  await smtp.waitForMessages(2);
});

test('someone imported from a spreadsheet as a member gets the invitations already sent, like one added by hand', async () => {
  const unit = (await t
    .db('units as u')
    .join('participants as p', 'p.unit_id', 'u.id')
    .where('p.id', leader)
    .first('u.*'))!;
  const client = await t.client().signIn(leader);
  smtp.messages.length = 0;
  const form = await client.get(`/networks/${networkId}/import`);
  const file = Buffer.from(
    `Navn;E-post;Virksomhet;Enhet\nImportert Deltaker;importert@kommune.example;${unit.organisation};${unit.name}\n`,
  );
  const uploaded = await client.agent
    .post(`/networks/${networkId}/import`)
    .field('_csrf', csrfIn(form.text))
    .attach('file', file, 'nye.csv');
  expect(uploaded.status).toBe(303);
  const preview = await client.get(uploaded.headers.location as string);
  expect(preview.text).toContain('Blir medlem (Fast deltaker)');
  const fields: Record<string, string> = { _csrf: csrfIn(preview.text) };
  for (const [, name, value] of preview.text.matchAll(/<input type="hidden" name="(m[0-9]+)" value="([^"]*)">/g))
    fields[name as string] = value as string;
  const done = await client.agent
    .post(uploaded.headers.location as string)
    .type('form')
    .send(fields);
  expect(done.status).toBe(303);
  const [invite] = await smtp.waitForMessages(1);
  expect(to(invite as ParsedMail)).toBe('importert@kommune.example');
  expect(calendarOf(invite as ParsedMail)).toContain('METHOD:REQUEST');
  // Leaves again through the members page, so the tests after this one see the network as before.
  smtp.messages.length = 0;
  const imported = await t.db('participants').where({ email: 'importert@kommune.example' }).first();
  const membership = await t
    .db('memberships')
    .where({ network_id: networkId, participant_id: imported!.id })
    .whereNull('ends_on')
    .first();
  const ended = await client.post(
    `/networks/${networkId}/memberships/${membership!.id}/end`,
    {},
    `/networks/${networkId}/members`,
  );
  expect(ended.status).toBe(303);
  await smtp.waitForMessages(1);
  smtp.messages.length = 0;
});

test('cancelling an accepted gathering sends METHOD:CANCEL with the same UID and a higher SEQUENCE', async () => {
  const before = await t.db('gatherings').where({ id: gatheringId }).first();
  smtp.messages.length = 0;
  const client = await t.client().signIn(leader);
  // The plan's "Avlys" leads to a page that asks first; a post without that confirmation cancels nothing.
  const plan = (await client.get(`/networks/${networkId}/plan?year=${YEAR}`)).text;
  expect(plan).toContain(`href="/gatherings/${gatheringId}/cancel"`);
  const unconfirmed = await client.post(
    `/gatherings/${gatheringId}/remove`,
    {},
    `/networks/${networkId}/plan?year=${YEAR}`,
  );
  expect(unconfirmed.headers.location).toBe(`/gatherings/${gatheringId}/cancel`);
  expect((await t.db('gatherings').where({ id: gatheringId }).first())!.status).toBe('planned');
  const confirmPage = await client.get(`/gatherings/${gatheringId}/cancel`);
  expect(confirmPage.text).toMatch(/Alle \d+ som er invitert, får en avlysning/);
  const cancelled = await client.post(
    `/gatherings/${gatheringId}/remove`,
    { confirm: 'yes', message: 'Foredragsholderen er syk. Vi finner en ny dato.' },
    `/gatherings/${gatheringId}/cancel`,
  );
  expect(cancelled.status).toBe(303);
  const mails = await smtp.waitForMessages(3);
  await new Promise((resolve) => setTimeout(resolve, 300));
  // Those who still belong; the one who left already had their cancellation.
  expect(smtp.messages.map(to).sort()).toEqual([
    'berit@kommune.example',
    'liv.leder@helse-bergen.example',
    'nils@kommune.example',
  ]);
  const nils = mails.find((m) => to(m) === 'nils@kommune.example') as ParsedMail;
  expect(nils.subject).toMatch(/^Avlyst: /);
  // The leader's message is in the cancellation, in plain text and HTML.
  expect(nils.text).toContain('Melding frå Liv Leder:\nForedragsholderen er syk. Vi finner en ny dato.');
  expect(nils.html).toContain('Foredragsholderen er syk. Vi finner en ny dato.');
  const ics = calendarOf(nils);
  expect(ics).toContain('METHOD:CANCEL');
  expect(ics).toContain('STATUS:CANCELLED');
  expect(/UID:([^\r\n]+)/.exec(ics)?.[1]).toBe(before!.uid);
  expect(Number(/SEQUENCE:(\d+)/.exec(ics)?.[1])).toBeGreaterThan(before!.version);
  const part = nils.attachments.find((a) => a.contentType === 'text/calendar');
  expect(String(part?.headers.get('content-type') && JSON.stringify(part?.headers.get('content-type')))).toMatch(
    /cancel/i,
  );
  // Cancelling again (a second click, another tab) sends nothing and says so.
  const again = await client.post(
    `/gatherings/${gatheringId}/remove`,
    { confirm: 'yes' },
    `/networks/${networkId}/plan?year=${YEAR}`,
  );
  expect(again.status).toBe(303);
  expect((await client.get(again.headers.location as string)).text).toContain('Samlingen var allerede avlyst');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages).toHaveLength(3);
  expect(await t.db('audit_log').where({ action: 'cancel', entity_id: gatheringId }).count({ n: '*' }).first()).toEqual(
    { n: 1 },
  );
});

test('invitations for gatherings just before and after both DST changes carry Oslo wall-clock times', async () => {
  const regionId = await makeRegion(t.db);
  const dstNetwork = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const dstLeader = await makeParticipant(t.db, {
    unit_id: await makeUnit(t.db, { region_id: regionId }),
    email: 'dst.leder@dps.example',
  });
  await makeMembership(t.db, { network_id: dstNetwork, participant_id: dstLeader, role: 'leader' });
  // The Thursdays around the last Sundays of March and October in the year after next (all ahead).
  const year = YEAR + 1;
  const lastSunday = (month: number) => {
    const lastDay = DateTime.fromObject({ year, month, day: 1 }, { zone: 'Europe/Oslo' }).endOf('month').startOf('day');
    return lastDay.minus({ days: lastDay.weekday % 7 });
  };
  const dates = [3, 10].flatMap((month) => [lastSunday(month).minus({ days: 3 }), lastSunday(month).plus({ days: 4 })]);
  for (const date of dates) {
    const start = date.set({ hour: 12, minute: 0 });
    const [g] = await t
      .db('gatherings')
      .insert({
        starts_at: start.toJSDate(),
        ends_at: start.plus({ hours: 3 }).toJSDate(),
        format: 'digital',
        status: 'planned',
        meeting_url: 'https://teams.example/x',
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: dstNetwork });
  }
  smtp.messages.length = 0;
  const client = await t.client().signIn(dstLeader);
  await client.post(
    `/networks/${dstNetwork}/plan/send`,
    { year: String(year) },
    `/networks/${dstNetwork}/plan/send?year=${year}`,
  );
  const mails = await smtp.waitForMessages(4);
  const starts = mails.map((m) => /DTSTART;TZID=Europe\/Oslo:(\d{8}T\d{6})/.exec(calendarOf(m))?.[1]).sort();
  expect(starts).toEqual(dates.map((d) => `${d.toFormat('yyyyMMdd')}T120000`).sort());
  const utcByDate = Object.fromEntries(
    mails.map((m) => {
      const start = new Date(
        (Object.values(ical.sync.parseICS(calendarOf(m))).find((c) => c?.type === 'VEVENT') as VEvent).start,
      ).toISOString();
      return [start.slice(0, 10), start.slice(11, 16)];
    }),
  );
  // Winter time is UTC+1, summer time UTC+2: before and after each change.
  expect(dates.map((d) => utcByDate[d.toFormat('yyyy-MM-dd')])).toEqual(['11:00', '10:00', '10:00', '11:00']);
});
