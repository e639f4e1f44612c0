import { DateTime } from 'luxon';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { fieldError, startTestApp, type TestApp } from '../support/app';
import {
  makeGathering,
  makeKorusAdmin,
  makeMember,
  makeNetwork,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker, waitForQueueDrained } from '../support/worker';

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

const DAY = 86_400_000;
const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');

/**
 * A network with a leader and two members, a gathering held ten days ago that all three were
 * invited to, and the next gathering a month ahead; and another network with its own leader.
 */
async function world() {
  const regionId = await makeRegion(t.db);
  const sectorId = await makeSector(t.db, { region_id: regionId });
  const networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Øyane' });
  const unit = await makeUnit(t.db, { region_id: regionId, organisation: 'Øygarden kommune', name: 'Rustenesten' });
  await t.db('network_units').insert({ network_id: networkId, unit_id: unit });
  const leader = await makeMember(t.db, networkId, {
    role: 'leader',
    unit_id: unit,
    name: 'Liv Leder',
    email: `liv.${unit}@oygarden.example`,
  });
  const member = await makeMember(t.db, networkId, {
    unit_id: unit,
    name: 'Nils Nynorsk',
    language: 'nn',
    email: `nils.${unit}@oygarden.example`,
  });
  const noteTaker = await makeMember(t.db, networkId, {
    unit_id: unit,
    name: 'Rita Referent',
    email: `rita.${unit}@oygarden.example`,
  });
  const held = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: new Date(Date.now() - 10 * DAY),
    invite: [leader, member, noteTaker],
  });
  const next = await makeGathering(t.db, { networkIds: [networkId], startsAt: new Date(Date.now() + 30 * DAY) });
  const otherNetwork = await makeNetwork(t.db, { sector_id: sectorId });
  const outsider = await makeMember(t.db, otherNetwork, { unit_id: unit, name: 'Olav Annetnettverk' });
  const otherLeader = await makeMember(t.db, otherNetwork, { role: 'leader', unit_id: unit });
  return { regionId, networkId, unit, leader, member, noteTaker, held, next, outsider, otherLeader };
}

const audits = (gatheringId: number, action: string) =>
  t.db('audit_log').where({ entity_type: 'gatherings', entity_id: gatheringId, action });

test('a leader writes minutes with actions and publishes them: everyone invited gets them by email, a re-publication says what changed', async () => {
  const w = await world();
  const before = smtp.messages.length;
  const client = await t.client().signIn(w.leader);
  // Reached by clicking: the network page links each held gathering's minutes.
  const networkPage = await client.get(`/networks/${w.networkId}`);
  expect(networkPage.text).toContain(`href="/gatherings/${w.held}/minutes"`);
  const page = `/gatherings/${w.held}/minutes`;
  expect((await client.get(page)).status).toBe(200);

  const saved = await client.post(
    page,
    {
      discussion: 'Vi drøftet samarbeid om rusbehandling.\nTo tjenester tar kontakt.',
      caseSummary: 'Mann i 40-årene med sammensatte behov.',
      caseAnonymisedConfirmed: 'on',
      nextQuestions: 'Hvordan følger vi opp etter utskriving?',
      version: '0',
    },
    page,
  );
  expect(saved.status).toBe(303);
  const due = DateTime.now().setZone('Europe/Oslo').plus({ days: 40 }).toISODate() as string;
  const action = await client.post(
    `${page}/actions`,
    { what: 'Lage felles rutine for utskriving', responsibleUnitId: String(w.unit), responsiblePerson: '', dueOn: due },
    page,
  );
  expect(action.status).toBe(303);
  await client.post(
    `${page}/actions`,
    { what: 'Invitere NAV', responsibleUnitId: '', responsiblePerson: 'Liv Leder' },
    page,
  );

  const published = await client.post(`${page}/publish`, {}, page);
  expect(published.status).toBe(303);
  const mails = (await smtp.waitForMessages(before + 3)).slice(before);
  expect(mails.map(to).sort()).toEqual(
    [`liv.${w.unit}@oygarden.example`, `nils.${w.unit}@oygarden.example`, `rita.${w.unit}@oygarden.example`].sort(),
  );
  const nils = mails.find((m) => to(m).startsWith('nils')) as ParsedMail;
  expect(nils.subject).toMatch(/^Referat: /);
  expect(nils.text).toContain('Referatet frå samlinga');
  expect(nils.html).toContain('Les referatet');
  const printUrl = /https:\/\/samling\.test(\/gatherings\/\d+\/minutes\/print)/.exec(nils.text ?? '')?.[1] as string;
  expect(printUrl).toBe(`/gatherings/${w.held}/minutes/print`);
  expect(nils.html).toContain(`https://samling.test${printUrl}`);
  // The print link works for an invited member signed in, and the invitation link without signing in.
  const print = await (await t.client().signIn(w.member)).get(printUrl);
  expect(print.status).toBe(200);
  expect(print.text).toContain('Lage felles rutine for utskriving');
  expect(print.text).toContain('Øygarden kommune – Rustenesten');
  expect(print.text).toContain('Mann i 40-årene');
  const readPath = /https:\/\/samling\.test(\/rsvp\/[A-Za-z0-9_-]{32}\/minutes)/.exec(nils.text ?? '')?.[1] as string;
  const read = await request(t.app).get(readPath);
  expect(read.status).toBe(200);
  expect(read.text).toContain('Invitere NAV');
  expect(read.text).toContain('Versjon 1');

  // An edit and a re-publication: an update that names what changed.
  const edited = await client.post(
    page,
    {
      discussion: 'Vi drøftet samarbeid om rusbehandling og psykisk helse.',
      caseSummary: 'Mann i 40-årene med sammensatte behov.',
      caseAnonymisedConfirmed: 'on',
      nextQuestions: 'Hvordan følger vi opp etter utskriving?',
      version: '1',
    },
    page,
  );
  expect(edited.status).toBe(303);
  expect((await client.get(page)).text).toContain('Referatet er endret siden');
  await client.post(`${page}/publish`, {}, page);
  const updates = (await smtp.waitForMessages(before + 6)).slice(before + 3);
  const liv = updates.find((m) => to(m).startsWith('liv')) as ParsedMail;
  expect(liv.subject).toMatch(/^Oppdatert referat: /);
  expect(liv.text).toContain('Endret: hva ble diskutert');
  expect(liv.text).not.toContain('tiltak');
  expect(await t.db('minutes_versions').where({ gathering_id: w.held }).pluck('version')).toEqual(
    expect.arrayContaining([1, 2]),
  );
  expect(await audits(w.held, 'publishMinutes')).toHaveLength(2);
  // Publishing again with nothing changed sends nothing and keeps no new version.
  const again = await client.post(`${page}/publish`, {}, page);
  expect(again.status).toBe(303);
  expect((await client.get(page)).text).toContain('Ingenting er endret siden forrige versjon');
  expect(await t.db('minutes_versions').where({ gathering_id: w.held })).toHaveLength(2);
  expect(await t.db('outgoing_emails').where({ template: 'minutes' }).whereIn('to_email', mails.map(to))).toHaveLength(
    6,
  );
  await waitForQueueDrained(t.db);
});

test('open actions show on the network page, the next agenda offers to follow them up, and closing one is audited', async () => {
  const w = await world();
  const client = await t.client().signIn(w.leader);
  const page = `/gatherings/${w.held}/minutes`;
  await client.post(page, { discussion: 'Rutiner for samhandling', version: '0' }, page);
  await client.post(`${page}/actions`, { what: 'Kartlegge ventetider', responsiblePerson: 'Liv Leder' }, page);
  // A draft's actions are not on the network page yet.
  expect((await client.get(`/networks/${w.networkId}`)).text).not.toContain('Kartlegge ventetider');
  await client.post(`${page}/publish`, {}, page);

  const network = await client.get(`/networks/${w.networkId}`);
  expect(network.text).toContain('Åpne tiltak');
  expect(network.text).toContain('Kartlegge ventetider');
  // A member reads them too, without the close button.
  const memberView = await (await t.client().signIn(w.member)).get(`/networks/${w.networkId}`);
  expect(memberView.text).toContain('Kartlegge ventetider');
  expect(memberView.text).not.toMatch(/minutes\/actions\/\d+\/close/);

  const agenda = `/gatherings/${w.next}/agenda`;
  const builder = await client.get(agenda);
  expect(builder.text).toContain('Legg til «Oppfølging fra forrige samling»');
  expect(builder.text).toContain('Kartlegge ventetider – Liv Leder');
  expect((await client.post(`${agenda}/follow-up`, {}, agenda)).status).toBe(303);
  const item = await t.db('agenda_items').where({ gathering_id: w.next }).first();
  expect(item?.title).toBe('Oppfølging fra forrige samling');
  expect(item?.description).toContain('Kartlegge ventetider – Liv Leder');
  // Once added, it is not offered again.
  expect((await client.get(agenda)).text).not.toContain('Legg til «Oppfølging');

  const actionId = (await t.db('minutes_actions').where({ gathering_id: w.held }).first('id'))?.id as number;
  const closed = await client.post(
    `${page}/actions/${actionId}/close`,
    { back: 'network' },
    `/networks/${w.networkId}`,
  );
  expect(closed.status).toBe(303);
  expect(closed.headers.location).toBe(`/networks/${w.networkId}#actions`);
  const after = await client.get(`/networks/${w.networkId}`);
  expect(after.text).not.toContain('Kartlegge ventetider');
  expect(after.text).toContain('Tiltaket er lukket.');
  const audit = await audits(w.held, 'closeMinutesAction');
  expect(audit).toHaveLength(1);
  expect(audit[0]?.actor_id).toBe(w.leader);
  // Closed actions are no longer proposed for the next gathering.
  await t.db('agenda_items').where({ gathering_id: w.next }).delete();
  expect((await client.get(agenda)).text).not.toContain('Legg til «Oppfølging');
});

test('the privacy guard refuses an identity number in every field of the minutes, and a case must be confirmed anonymised', async () => {
  const w = await world();
  const client = await t.client().signIn(w.leader);
  const page = `/gatherings/${w.held}/minutes`;
  const fnr = 'født 010100 12356';
  const text = { discussion: 'Samarbeid', caseSummary: '', nextQuestions: '', version: '0' };
  for (const field of ['discussion', 'caseSummary', 'nextQuestions']) {
    const res = await client.post(page, { ...text, caseAnonymisedConfirmed: 'on', [field]: `Pasient ${fnr}` }, page);
    expect({ field, status: res.status }).toEqual({ field, status: 422 });
    expect(fieldError(res.text, field)).toMatch(/fødselsnummer eller D-nummer/);
    expect(res.text).toContain(`Pasient ${fnr}`);
  }
  for (const field of ['what', 'responsiblePerson']) {
    const res = await client.post(
      `${page}/actions`,
      { what: 'Oppfølging', responsiblePerson: 'Liv', [field]: `Pasient ${fnr}` },
      page,
    );
    expect({ field, status: res.status }).toEqual({ field, status: 422 });
    expect(fieldError(res.text, field)).toMatch(/fødselsnummer eller D-nummer/);
  }
  const unconfirmed = await client.post(page, { ...text, caseSummary: 'Kvinne i 30-årene' }, page);
  expect(unconfirmed.status).toBe(422);
  expect(fieldError(unconfirmed.text, 'caseAnonymisedConfirmed')).toMatch(/Bekreft at caset er anonymisert/);
  expect(unconfirmed.text).toContain('Kvinne i 30-årene');
  expect(await t.db('minutes').where({ gathering_id: w.held })).toHaveLength(0);
  expect(await t.db('minutes_actions').where({ gathering_id: w.held })).toHaveLength(0);
  // Nothing to publish yet: refused, and nobody is emailed.
  const empty = await client.post(`${page}/publish`, {}, page);
  expect(empty.status).toBe(422);
  expect(await t.db('minutes_versions').where({ gathering_id: w.held })).toHaveLength(0);
});

test('who may do what: the note-taker writes and publishes, members read, another network is refused', async () => {
  const w = await world();
  const page = `/gatherings/${w.held}/minutes`;
  const leader = await t.client().signIn(w.leader);
  const noteTaker = await t.client().signIn(w.noteTaker);
  // Before being chosen, a member only reads.
  expect((await noteTaker.get(page)).headers.location).toBe(`${page}/print`);
  expect((await noteTaker.post(page, { discussion: 'x', version: '0' }, '/me')).status).toBe(403);
  // The leader chooses the note-taker among the members; someone from elsewhere is refused.
  expect((await leader.post(`${page}/note-taker`, { noteTakerId: String(w.outsider) }, page)).status).toBe(422);
  expect((await leader.post(`${page}/note-taker`, { noteTakerId: String(w.noteTaker) }, page)).status).toBe(303);
  expect(await audits(w.held, 'setNoteTaker')).toHaveLength(1);
  expect((await noteTaker.get(page)).status).toBe(200);
  expect((await noteTaker.post(page, { discussion: 'Referat ved Rita', version: '1' }, page)).status).toBe(303);
  expect((await noteTaker.post(`${page}/publish`, {}, page)).status).toBe(303);
  // The note-taker does not choose the note-taker.
  expect((await noteTaker.post(`${page}/note-taker`, { noteTakerId: '' }, page)).status).toBe(403);
  // A member reads the published minutes.
  const member = await t.client().signIn(w.member);
  const read = await member.get(`${page}/print`);
  expect(read.status).toBe(200);
  expect(read.text).toContain('Referat ved Rita');
  expect(read.text).toContain('Rita Referent');
  // Another network's participant and leader are refused everything.
  for (const id of [w.outsider, w.otherLeader]) {
    const other = await t.client().signIn(id);
    expect((await other.get(page)).status).toBe(403);
    expect((await other.get(`${page}/print`)).status).toBe(403);
    expect((await other.post(page, { discussion: 'x', version: '2' }, '/me')).status).toBe(403);
    expect((await other.post(`${page}/publish`, {}, '/me')).status).toBe(403);
  }
  await waitForQueueDrained(t.db);
});

test('the overview and the annual report count gatherings with published minutes and open actions per network', async () => {
  const w = await world();
  const client = await t.client().signIn(w.leader);
  const page = `/gatherings/${w.held}/minutes`;
  await client.post(page, { discussion: 'Samhandling', version: '0' }, page);
  await client.post(`${page}/actions`, { what: 'Tiltak en', responsiblePerson: 'Liv' }, page);
  await client.post(`${page}/actions`, { what: 'Tiltak to', responsiblePerson: 'Liv' }, page);
  await client.post(`${page}/publish`, {}, page);
  const year = DateTime.fromMillis(Date.now() - 10 * DAY, { zone: 'Europe/Oslo' }).year;
  const korus = await t.client().signIn(await makeKorusAdmin(t.db, w.regionId));
  const overview = await korus.get(`/overview?year=${year}&region=${w.regionId}`);
  const row = new RegExp(`<tr data-network="${w.networkId}">([\\s\\S]*?)</tr>`).exec(overview.text)?.[1] ?? '';
  expect(row).toMatch(/data-figure="minutes">1\/1</);
  expect(row).toMatch(/data-figure="open-actions">2</);
  const report = await korus.get(`/overview/report?year=${year}&region=${w.regionId}`);
  const section = new RegExp(`data-network="${w.networkId}">([\\s\\S]*?)</section>`).exec(report.text)?.[1] ?? '';
  expect(section).toContain('Referat publisert</dt><dd>1/1<');
  expect(section).toContain('Åpne tiltak</dt><dd>2<');
  await waitForQueueDrained(t.db);
});

test('the note-taker goes round the members: the one whose turn it is is proposed, with why, and chosen in one click', async () => {
  const w = await world();
  const client = await t.client().signIn(w.leader);
  // Rita took the minutes of an earlier gathering; the leader is left out while others can write.
  const earlier = await makeGathering(t.db, { networkIds: [w.networkId], startsAt: new Date(Date.now() - 60 * DAY) });
  await t.db('minutes').insert({ gathering_id: earlier, note_taker_participant_id: w.noteTaker });
  const page = await client.get(`/gatherings/${w.held}/minutes`);
  expect(page.text).toContain('Etter tur: Nils Nynorsk (har ikke skrevet referat før).');
  expect(page.text).toMatch(new RegExp(`<option value="${w.member}" selected>Nils Nynorsk</option>`));
  const saved = await client.post(
    `/gatherings/${w.held}/minutes/note-taker`,
    { noteTakerId: String(w.member) },
    `/gatherings/${w.held}/minutes`,
  );
  expect(saved.status).toBe(303);
  // Next time, Rita's turn comes again before Nils has a second, with when she last wrote.
  const next = await client.get(`/gatherings/${w.next}/minutes`);
  expect(next.text).toMatch(/Etter tur: Rita Referent \(skrev sist referat [a-zæøå]+ \d{4}, 1 ganger i alt\)/);
});
