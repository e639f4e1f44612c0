import type { ParsedMail } from 'mailparser';
import { DateTime } from 'luxon';
import { csrfIn, startTestApp, fieldError, inputValue, type TestApp } from '../support/app';
import { makeMember, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker, waitForQueueDrained } from '../support/worker';

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const p: Record<string, number> = {};
let networkId: number;
let otherNetworkId: number;
let past: number;
let future: number;
let cancelled: number;

const HOUR = 3600 * 1000;

async function makeGathering(startsAt: Date, status = 'planned', network = networkId): Promise<number> {
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 3 * HOUR),
      format: 'physical',
      status,
      venue: 'Øyane DPS',
      topic: 'ROP-losen',
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: network });
  return g!.id as number;
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  const regionId = await makeRegion(t.db);
  const sectorId = await makeSector(t.db, { region_id: regionId });
  networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Øyane' });
  otherNetworkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Nord' });
  const home = await makeUnit(t.db, { region_id: regionId, name: 'Rusteam Alver' });
  const other = await makeUnit(t.db, { region_id: regionId, name: 'DPS Knarvik' });
  for (const [key, unit, name, role] of [
    ['leader', home, 'Liv Leder', 'leader'],
    ['anna', home, 'Anna Andersen', 'participant'],
    ['bjorn', home, 'Bjørn Berg', 'participant'],
    ['cecilie', home, 'Cecilie Colt', 'participant'],
    ['dag', other, 'Dag Dahl', 'participant'],
  ] as const) {
    p[key] = await makeMember(t.db, networkId, { unit_id: unit, name, email: `${key}@kommune.example`, role });
  }
  p.frida = await makeParticipant(t.db, { unit_id: home, name: 'Frida Fjeld', email: 'frida@kommune.example' });
  p.eva = await makeParticipant(t.db, { unit_id: other, name: 'Eva Eide', email: 'eva@dps.example' });
  p.otherLeader = await makeMember(t.db, otherNetworkId, { unit_id: other, name: 'Ola Annen', role: 'leader' });

  past = await makeGathering(new Date(Date.now() - 2 * 24 * HOUR));
  cancelled = await makeGathering(new Date(Date.now() - 9 * 24 * HOUR), 'cancelled');
  future = await makeGathering(new Date(Date.now() + 20 * 24 * HOUR));
  const answers: Record<string, string | null> = {
    leader: 'maybe',
    anna: 'yes',
    bjorn: 'no',
    cecilie: null,
    dag: 'yes',
  };
  await t.db('invitations').insert(
    Object.entries(answers).map(([key, answer]) => ({
      gathering_id: past,
      participant_id: p[key],
      answer,
      sent_version: 1,
    })),
  );
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
const calendarOf = (mail: ParsedMail) =>
  mail.attachments.find((a) => a.contentType === 'text/calendar')?.content.toString() ?? '';
const isChecked = (html: string, id: number) =>
  new RegExp(`id="present-${id}" name="present" value="${id}" checked`).test(html);
const presentIds = async (gatheringId: number) =>
  (
    (await t
      .db('attendances')
      .where({ gathering_id: gatheringId })
      .orderBy('participant_id')
      .pluck('participant_id')) as number[]
  ).map(Number);
const leader = () => t.client().signIn(p.leader as number);

test('the list is pre-marked from the answers the first time', async () => {
  const page = await (await leader()).get(`/gatherings/${past}/attendance`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('forhåndsmerket etter svarene');
  expect(isChecked(page.text, p.anna as number)).toBe(true);
  expect(isChecked(page.text, p.dag as number)).toBe(true);
  expect(isChecked(page.text, p.bjorn as number)).toBe(false);
  expect(isChecked(page.text, p.cecilie as number)).toBe(false);
  expect(isChecked(page.text, p.leader as number)).toBe(false);
  const gatheringPage = await (await leader()).get(`/gatherings/${past}/edit`);
  expect(gatheringPage.text).toContain(`href="/gatherings/${past}/attendance"`);
});

test('saving records exactly the checked people and marks the gathering held', async () => {
  const client = await leader();
  const page = `/gatherings/${past}/attendance`;
  expect((await client.post(page, { present: [String(p.anna), String(p.cecilie)] }, page)).status).toBe(303);
  expect(await presentIds(past)).toEqual([p.anna, p.cecilie].sort((a, b) => (a as number) - (b as number)));
  expect((await t.db('gatherings').where({ id: past }).first())!.attendance_recorded_at).not.toBeNull();
  const after = await client.get(page);
  expect(isChecked(after.text, p.cecilie as number)).toBe(true);
  expect(isChecked(after.text, p.dag as number)).toBe(false);
  expect(after.text).toContain('Oppmøtet ble først registrert');
});

test('a late edit is saved and audited with before and after', async () => {
  const client = await leader();
  const page = `/gatherings/${past}/attendance`;
  const recordedAt = (await t.db('gatherings').where({ id: past }).first())!.attendance_recorded_at;
  expect((await client.post(page, { present: [String(p.anna), String(p.dag)] }, page)).status).toBe(303);
  expect(await presentIds(past)).toEqual([p.anna, p.dag]);
  expect((await t.db('gatherings').where({ id: past }).first())!.attendance_recorded_at).toEqual(recordedAt);
  const entry = await t
    .db('audit_log')
    .where({ action: 'recordAttendance', entity_id: past })
    .orderBy('id', 'desc')
    .first();
  expect(entry!.actor_id).toBe(p.leader);
  expect((entry!.changes as Record<string, unknown>).present).toEqual({
    before: [p.anna, p.cecilie],
    after: [p.anna, p.dag],
  });
  // Someone not invited cannot be checked: 422, nothing changes.
  const refused = await client.post(page, { present: [String(p.anna), String(p.eva)] }, page);
  expect(refused.status).toBe(422);
  expect(fieldError(refused.text, 'present')).toMatch(/Bare de som er invitert/);
  expect(await presentIds(past)).toEqual([p.anna, p.dag]);
});

test('guests are added and removed, each audited', async () => {
  const client = await leader();
  const page = `/gatherings/${past}/attendance`;
  const added = await client.post(
    `${page}/guests`,
    { name: 'Gunn Gjest', unitName: 'Alver kommune, NAV', profession: 'Veileder', serviceType: 'welfare' },
    page,
  );
  expect(added.status).toBe(303);
  const guest = await t.db('attendance_guests').where({ gathering_id: past }).first();
  expect(guest).toMatchObject({
    name: 'Gunn Gjest',
    unit_name: 'Alver kommune, NAV',
    profession: 'Veileder',
    service_type: 'welfare',
  });
  expect((await client.get(page)).text).toContain('Gunn Gjest, Alver kommune, NAV, Veileder (NAV)');
  expect(
    (
      await client.post(
        `${page}/guests`,
        { name: 'Uten Type', unitName: 'Privat', profession: '', serviceType: '' },
        page,
      )
    ).status,
  ).toBe(303);
  expect(
    (await t.db('attendance_guests').where({ gathering_id: past, name: 'Uten Type' }).first())!.service_type,
  ).toBeNull();
  expect((await client.post(`${page}/guests/${guest!.id}/remove`, {}, page)).status).toBe(303);
  expect(await t.db('attendance_guests').where({ id: guest!.id }).first()).toBeUndefined();
  const actions = await t
    .db('audit_log')
    .where({ entity_id: past, entity_type: 'gatherings' })
    .whereIn('action', ['addGuest', 'removeGuest'])
    .pluck('action');
  expect(actions.sort()).toEqual(['addGuest', 'addGuest', 'removeGuest']);
});

test('bad guest input is refused with a message at the field, the input kept, and nothing written', async () => {
  const client = await leader();
  const page = `/gatherings/${past}/attendance`;
  const before = await t.db('attendance_guests').count({ n: '*' }).first();
  const res = await client.post(
    `${page}/guests`,
    { name: '', unitName: 'Pasient 010100 12356 fra Alver', profession: 'Lege', serviceType: 'hospital' },
    page,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'name')).toBeTruthy();
  expect(fieldError(res.text, 'unitName')).toMatch(/fødselsnummer eller D-nummer/);
  expect(fieldError(res.text, 'serviceType')).toBeTruthy();
  expect(inputValue(res.text, 'profession')).toBe('Lege');
  expect(inputValue(res.text, 'unitName')).toBe('Pasient 010100 12356 fra Alver');
  expect(await t.db('attendance_guests').count({ n: '*' }).first()).toEqual(before);
});

test('a future or cancelled gathering refuses registration with a clear message', async () => {
  const client = await leader();
  for (const [id, message] of [
    [future, 'når samlingen har startet'],
    [cancelled, 'Samlingen er avlyst'],
  ] as const) {
    const page = await client.get(`/gatherings/${id}/attendance`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(message);
    expect(page.text).not.toContain('name="present"');
    const posted = await client.post(`/gatherings/${id}/attendance`, { present: [String(p.anna)] }, '/me');
    expect(posted.status).toBe(409);
    const guest = await client.post(`/gatherings/${id}/attendance/guests`, { name: 'X', unitName: 'Y' }, '/me');
    expect(guest.status).toBe(409);
    expect(await presentIds(id)).toEqual([]);
    expect(await t.db('attendance_guests').where({ gathering_id: id }).first()).toBeUndefined();
    expect((await t.db('gatherings').where({ id }).first())!.attendance_recorded_at).toBeNull();
  }
});

test("another network's leader and a plain participant are refused, and nothing is written", async () => {
  for (const person of [p.otherLeader, p.anna]) {
    const client = await t.client().signIn(person as number);
    expect((await client.get(`/gatherings/${past}/attendance`)).status).toBe(403);
    expect((await client.post(`/gatherings/${past}/attendance`, { present: [String(p.bjorn)] })).status).toBe(403);
    expect(
      (await client.post(`/gatherings/${past}/attendance/guests`, { name: 'Inn', unitName: 'Trenger' })).status,
    ).toBe(403);
    expect(
      (
        await client.post(`/gatherings/${past}/stand-in`, {
          forParticipantId: String(p.bjorn),
          participantId: String(p.frida),
        })
      ).status,
    ).toBe(403);
  }
  expect(await presentIds(past)).toEqual([p.anna, p.dag]);
  expect(await t.db('attendance_guests').where({ name: 'Inn' }).first()).toBeUndefined();
});

describe('stand-ins', () => {
  let annaLink: string;
  let annaUid: string;

  beforeAll(async () => {
    const year = DateTime.fromJSDate((await t.db('gatherings').where({ id: future }).first())!.starts_at, {
      zone: 'Europe/Oslo',
    }).year;
    smtp.messages.length = 0;
    const client = await leader();
    await client.post(
      `/networks/${networkId}/plan/send`,
      { year: String(year) },
      `/networks/${networkId}/plan/send?year=${year}`,
    );
    const mails = await smtp.waitForMessages(5);
    const anna = mails.find((m) => to(m) === 'anna@kommune.example') as ParsedMail;
    annaLink = /https:\/\/samling\.test(\/rsvp\/[A-Za-z0-9_-]+)\?answer=yes/.exec(anna.text ?? '')?.[1] as string;
    annaUid = /UID:([^\r\n]+)/.exec(calendarOf(anna))?.[1] as string;
    expect(annaLink).toBeTruthy();
  });

  test('a GET of the answer page records nothing and offers colleagues of the same unit only', async () => {
    const invitationsBefore = await t
      .db('invitations')
      .where({ gathering_id: future })
      .orderBy('id')
      .select('participant_id', 'answer', 'stands_in_for');
    const page = await t.client().get(annaLink);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Send en kollega');
    expect(page.text).toContain(`<option value="${p.frida}" >Frida Fjeld</option>`);
    expect(page.text).not.toContain('Eva Eide');
    expect(page.text).not.toContain('Bjørn Berg'); // already invited in his own right
    expect(
      await t
        .db('invitations')
        .where({ gathering_id: future })
        .orderBy('id')
        .select('participant_id', 'answer', 'stands_in_for'),
    ).toEqual(invitationsBefore);
  });

  test('a fixed participant names a colleague from the answer page: the colleague gets the same invitation, and the answer becomes no', async () => {
    smtp.messages.length = 0;
    const browser = t.client();
    const res = await browser.post(
      `${annaLink}/stand-in`,
      { participantId: String(p.frida), name: '', email: '' },
      annaLink,
    );
    expect(res.status).toBe(303);
    const [mail] = await smtp.waitForMessages(1);
    expect(to(mail as ParsedMail)).toBe('frida@kommune.example');
    const ics = calendarOf(mail as ParsedMail);
    expect(ics).toContain('METHOD:REQUEST');
    expect(/UID:([^\r\n]+)/.exec(ics)?.[1]).toBe(annaUid);
    expect(ics.replace(/\r\n /g, '')).toMatch(/ATTENDEE[^\r\n]*:mailto:frida@kommune\.example/i);
    const stand = await t.db('invitations').where({ gathering_id: future, participant_id: p.frida }).first();
    expect(stand!.stands_in_for).toBe(p.anna);
    expect((await t.db('invitations').where({ gathering_id: future, participant_id: p.anna }).first())!.answer).toBe(
      'no',
    );
    // Not a member of the network: invited to this gathering only.
    expect(await t.db('memberships').where({ participant_id: p.frida }).first()).toBeUndefined();
    expect((await browser.get(`${annaLink}?standIn=1`)).text).toContain('Stedfortreder: Frida Fjeld');
  });

  test('from the answer page only a registered colleague of the same unit can be named: no new person, and nothing tells whether an address exists', async () => {
    const before = await t.db('invitations').where({ gathering_id: future }).count({ n: '*' }).first();
    const people = await t.db('participants').count({ n: '*' }).first();
    for (const fields of <Record<string, string>[]>[
      { name: 'Eva Eide', email: 'EVA@dps.example' },
      { name: 'Ny Person', email: 'ny.person@kommune.example' },
      { participantId: String(p.eva) },
      { name: '', email: '' },
    ]) {
      const res = await t.client().post(`${annaLink}/stand-in`, fields, annaLink);
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'participantId')).toBe('Velg en aktiv kollega fra samme enhet.');
      expect(res.text).not.toMatch(/annen enhet|allerede registrert/);
      // The answer page has no fields for a new person at all.
      expect(res.text).not.toContain('name="email"');
    }
    expect(await t.db('participants').count({ n: '*' }).first()).toEqual(people);
    expect(await t.db('invitations').where({ gathering_id: future }).count({ n: '*' }).first()).toEqual(before);
    expect(
      (await t.db('invitations').where({ gathering_id: future, stands_in_for: p.anna }).first())!.participant_id,
    ).toBe(p.frida);
  });

  test('the working group names registered colleagues only; registering a new person is for the leader', async () => {
    await t
      .db('memberships')
      .where({ network_id: networkId, participant_id: p.cecilie })
      .update({ role: 'workingGroup' });
    try {
      const group = await t.client().signIn(p.cecilie as number);
      const page = `/gatherings/${future}/stand-in?for=${p.anna}`;
      expect((await group.get(page)).text).not.toContain('name="email"');
      const people = await t.db('participants').count({ n: '*' }).first();
      const res = await group.post(
        `/gatherings/${future}/stand-in`,
        { forParticipantId: String(p.anna), participantId: '', name: 'Nina Ny', email: 'nina.ny@kommune.example' },
        page,
      );
      expect(res.status).toBe(422);
      expect(fieldError(res.text, 'participantId')).toBe('Velg en aktiv kollega fra samme enhet.');
      expect(await t.db('participants').count({ n: '*' }).first()).toEqual(people);
    } finally {
      await t
        .db('memberships')
        .where({ network_id: networkId, participant_id: p.cecilie })
        .update({ role: 'participant' });
    }
  });

  test('the leader replaces the stand-in with a new person: the old one is told she is no longer invited, the new one is invited', async () => {
    smtp.messages.length = 0;
    const client = await leader();
    const res = await client.post(
      `/gatherings/${future}/stand-in`,
      {
        forParticipantId: String(p.anna),
        participantId: '',
        name: 'Nina Ny',
        email: 'Nina.Ny@kommune.example',
        profession: 'socialWorker',
      },
      `/gatherings/${future}/stand-in?for=${p.anna}`,
    );
    expect(res.status).toBe(303);
    const mails = await smtp.waitForMessages(2);
    const cancel = mails.find((m) => to(m) === 'frida@kommune.example') as ParsedMail;
    const invite = mails.find((m) => to(m) === 'nina.ny@kommune.example') as ParsedMail;
    expect(calendarOf(cancel)).toContain('METHOD:CANCEL');
    expect(/UID:([^\r\n]+)/.exec(calendarOf(cancel))?.[1]).toBe(annaUid);
    expect(calendarOf(cancel)).not.toContain('STATUS:');
    // She is told someone else now stands in, not that the gathering is cancelled.
    expect(cancel.subject).toMatch(/^Ikke lenger invitert: /);
    expect(cancel.text).toMatch(/En annen stiller nå for Anna [^,]+, så du er ikke lenger invitert/);
    expect(cancel.text).toContain('Samlingen er ikke avlyst');
    expect(calendarOf(invite)).toContain('METHOD:REQUEST');
    expect(invite.text).toContain('Du er invitert som stedfortreder for Anna Andersen, som ikke kan komme.');
    const nina = await t.db('participants').where({ email: 'nina.ny@kommune.example' }).first();
    expect(nina!.unit_id).toBe((await t.db('participants').where({ id: p.anna }).first())!.unit_id);
    expect(nina!.profession).toBe('socialWorker');
    // A stand-in is not a member, yet may read the agenda of the gathering she is invited to (and only that).
    const ninaClient = await t.client().signIn(nina!.id);
    expect((await ninaClient.get(`/gatherings/${future}/agenda/print`)).status).toBe(200);
    expect((await ninaClient.get(`/gatherings/${past}/agenda/print`)).status).toBe(403);
    expect(await t.db('invitations').where({ gathering_id: future, participant_id: p.frida }).first()).toBeUndefined();
    expect(
      (await t.db('invitations').where({ gathering_id: future, stands_in_for: p.anna }).first())!.participant_id,
    ).toBe(nina!.id);
  });

  test('when the fixed participant comes after all, or the leader removes the stand-in, the stand-in is told she need not come', async () => {
    const nina = (await t.db('participants').where({ email: 'nina.ny@kommune.example' }).first())!.id as number;
    const client = await leader();
    const nameNina = async () => {
      smtp.messages.length = 0;
      await client.post(
        `/gatherings/${future}/stand-in`,
        { forParticipantId: String(p.anna), participantId: String(nina) },
        `/gatherings/${future}/stand-in?for=${p.anna}`,
      );
      await smtp.waitForMessages(1);
    };
    const released = async () => {
      const [mail] = (await smtp.waitForMessages(1)) as ParsedMail[];
      expect(to(mail as ParsedMail)).toBe('nina.ny@kommune.example');
      expect(mail?.subject).toMatch(/^Ikke lenger invitert: /);
      expect(mail?.text).toContain('Du trenger likevel ikke stille som stedfortreder for Anna Andersen');
      expect(calendarOf(mail as ParsedMail)).toContain('METHOD:CANCEL');
      expect(await t.db('invitations').where({ gathering_id: future, participant_id: nina })).toEqual([]);
    };

    // Anna answers yes from her invitation after all.
    smtp.messages.length = 0;
    const browser = t.client();
    const csrf = csrfIn((await browser.get(annaLink)).text);
    expect((await browser.agent.post(annaLink).type('form').send({ answer: 'yes', _csrf: csrf })).status).toBe(303);
    await released();
    expect((await t.db('invitations').where({ gathering_id: future, participant_id: p.anna }).first())!.answer).toBe(
      'yes',
    );

    // Named again, then removed by the leader; Anna stays invited.
    await nameNina();
    smtp.messages.length = 0;
    const removed = await client.post(
      `/gatherings/${future}/stand-in/remove`,
      { forParticipantId: String(p.anna) },
      `/gatherings/${future}/stand-in?for=${p.anna}`,
    );
    expect(removed.status).toBe(303);
    await released();
    expect(await t.db('invitations').where({ gathering_id: future, participant_id: p.anna }).first()).toBeDefined();
    expect((await client.get(String(removed.headers.location))).text).toContain('Stedfortrederen er fjernet');
    // Nothing left to remove: a message, no email.
    await client.post(`/gatherings/${future}/stand-in/remove`, { forParticipantId: String(p.anna) }, '/me');
    await waitForQueueDrained(t.db);
    expect(smtp.messages).toHaveLength(1);
    await nameNina();
  });

  test('the leader names a stand-in after the fact; they count on the attendance list as a stand-in', async () => {
    smtp.messages.length = 0;
    const client = await leader();
    const form = await client.get(`/gatherings/${past}/stand-in?for=${p.bjorn}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Stedfortreder for Bjørn Berg');
    const res = await client.post(
      `/gatherings/${past}/stand-in`,
      { forParticipantId: String(p.bjorn), participantId: String(p.frida) },
      `/gatherings/${past}/stand-in?for=${p.bjorn}`,
    );
    expect(res.status).toBe(303);
    const page = await client.get(`/gatherings/${past}/attendance`);
    expect(page.text).toContain('stedfortreder for Bjørn Berg');
    expect(
      (
        await client.post(
          `/gatherings/${past}/attendance`,
          { present: [String(p.anna), String(p.dag), String(p.frida)] },
          `/gatherings/${past}/attendance`,
        )
      ).status,
    ).toBe(303);
    await waitForQueueDrained(t.db);
    // A gathering already held sends no invitation; those newly recorded present are asked to evaluate it.
    expect(smtp.messages.filter((m) => m.attachments.some((a) => a.contentType === 'text/calendar'))).toHaveLength(0);
    expect(smtp.messages.map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Hvordan var samlingen\?/)]),
    );
  });

  test('a stand-in gets the updates and the cancellation of the gathering like everyone else', async () => {
    const year = DateTime.fromJSDate((await t.db('gatherings').where({ id: future }).first())!.starts_at, {
      zone: 'Europe/Oslo',
    }).year;
    await t
      .db('gatherings')
      .where({ id: future })
      .update({ venue: 'Knarvik kulturhus', version: t.db.raw('version + 1') });
    smtp.messages.length = 0;
    const client = await leader();
    await client.post(
      `/networks/${networkId}/plan/send`,
      { year: String(year) },
      `/networks/${networkId}/plan/send?year=${year}`,
    );
    const updates = await smtp.waitForMessages(6);
    expect(updates.find((m) => to(m) === 'nina.ny@kommune.example')?.text).toContain('Knarvik kulturhus');
    smtp.messages.length = 0;
    expect(
      (await client.post(`/gatherings/${future}/remove`, { confirm: 'yes' }, `/gatherings/${future}/edit`)).status,
    ).toBe(303);
    const cancels = await smtp.waitForMessages(6);
    expect(calendarOf(cancels.find((m) => to(m) === 'nina.ny@kommune.example') as ParsedMail)).toContain(
      'METHOD:CANCEL',
    );
    await waitForQueueDrained(t.db);
    expect(smtp.messages.map(to)).not.toContain('frida@kommune.example');
  });

  test("a participant's history on Min side shows attended, not attended, and stand-in", async () => {
    const anna = await (await t.client().signIn(p.anna as number)).get('/me');
    expect(anna.text).toContain('Mitt oppmøte');
    expect(anna.text).toMatch(/ROP-nettverk Øyane<\/td>\s*<td>Til stede<\/td>/);
    const bjorn = await (await t.client().signIn(p.bjorn as number)).get('/me');
    expect(bjorn.text).toMatch(/ROP-nettverk Øyane<\/td>\s*<td>Ikke til stede<\/td>/);
    const frida = await (await t.client().signIn(p.frida as number)).get('/me');
    expect(frida.text).toMatch(/<td>Til stede \(stedfortreder for Bjørn Berg\)<\/td>/);
    // The future gathering (she was a stand-in there until replaced) and cancelled ones are not history.
    expect((frida.text.match(/ROP-nettverk Øyane<\/td>/g) ?? []).length).toBe(1);
  });
});
