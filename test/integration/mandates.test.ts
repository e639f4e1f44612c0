import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { osloDate } from '../../src/kernel/dates';
import { sendUnitSummaries } from '../../src/mandates/unitSummaries';
import { startTestApp, type TestApp } from '../support/app';
import {
  makeGathering,
  makeKorusAdmin,
  makeMember,
  makeNetworkInRegion,
  makeRegion,
  makeUnit,
} from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker, waitForQueueDrained } from '../support/worker';

// Breadth and mandate: the unit managers confirm their people's mandate from an emailed link, get
// a yearly summary of the unit's participation, and the figures show the mix of professions.
let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let regionId: number;
let networkId: number;
let leader: number;
let nurse: number;
let nurse2: number;

let userRep: number;
let ddpsUnit: number;
let nilsLink: string;

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
const links = (mail: ParsedMail) =>
  [...(mail.text ?? '').matchAll(/https:\/\/samling\.test(\/mandate\/[A-Za-z0-9_-]{32})/g)].map((m) => m[1] as string);

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  regionId = await makeRegion(t.db);
  networkId = await makeNetworkInRegion(t.db, regionId, { name: 'ROP-nettverk Nordfjord' });
  ddpsUnit = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Helse Førde',
    name: 'Nordfjord DPS',
    manager_name: 'Mona Mandat',
    manager_email: 'mona.mandat@helse-forde.example',
  });
  const bare = await makeUnit(t.db, { region_id: regionId, name: 'Uten leder', manager_email: '' });
  leader = await makeMember(t.db, networkId, { role: 'leader', unit_id: ddpsUnit, name: 'Liv Leder' });
  nurse = await makeMember(t.db, networkId, { unit_id: ddpsUnit, name: 'Nora Sykepleier', profession: 'nurse' });
  nurse2 = await makeMember(t.db, networkId, { unit_id: ddpsUnit, name: 'Nils Sykepleier', profession: 'nurse' });
  await makeMember(t.db, networkId, { unit_id: bare, name: 'Ulrik Uten' });
  userRep = await makeMember(t.db, networkId, { unit_id: bare, name: 'Bente Bruker', is_user_representative: true });
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

test('the leader asks the unit managers; one email per manager, a link per person, confirmed without signing in', async () => {
  const client = await t.client().signIn(leader);
  const members = await client.get(`/networks/${networkId}/members`);
  expect(members.text).toContain('Be enhetslederne bekrefte mandat');
  const asked = await client.post(`/networks/${networkId}/mandates`, {}, `/networks/${networkId}/members`);
  expect(asked.status).toBe(303);
  const [mail] = await smtp.waitForMessages(1);
  await waitForQueueDrained(t.db);
  // Only the DPS has a manager's address: one email, for the leader and the two nurses.
  expect(smtp.messages.map(to)).toEqual(['mona.mandat@helse-forde.example']);
  expect(mail?.subject).toBe('Bekreft mandat: ROP-nettverk Nordfjord');
  expect(mail?.replyTo && 'text' in mail.replyTo ? mail.replyTo.text : '').toContain(
    (await t.db('participants').where({ id: leader }).first('email'))?.email,
  );
  expect(mail?.text).toContain('Nora Sykepleier: https://samling.test/mandate/');
  expect(mail?.text).not.toContain('Ulrik Uten');
  const found = links(mail as ParsedMail);
  expect(found).toHaveLength(3);
  // The links are kept nowhere but in the email: only their hashes.
  const stored = await t.db('outgoing_emails').where({ template: 'mandateRequest' }).first('params', 'secret_params');
  expect(JSON.stringify(stored)).not.toContain(found[0]?.split('/').pop());

  const noraLink = /Nora Sykepleier: https:\/\/samling\.test(\/mandate\/[A-Za-z0-9_-]{32})/.exec(
    mail?.text ?? '',
  )?.[1] as string;
  nilsLink = /Nils Sykepleier: https:\/\/samling\.test(\/mandate\/[A-Za-z0-9_-]{32})/.exec(
    mail?.text ?? '',
  )?.[1] as string;
  const page = await request(t.app).get(noraLink);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Nora Sykepleier');
  expect(page.text).toContain('Nordfjord DPS');
  // Opening the link confirms nothing: mail scanners open links too.
  expect(await t.db('mandates').whereNotNull('confirmed_at').count({ n: '*' }).first()).toEqual({ n: 0 });

  const browser = t.client();
  const confirmed = await browser.post(noraLink, {}, noraLink);
  expect(confirmed.status).toBe(303);
  expect((await browser.get(String(confirmed.headers.location))).text).toContain(
    'Mandatet for Nora Sykepleier er bekreftet',
  );
  const audit = await t.db('audit_log').where({ action: 'confirmMandate' });
  expect(audit).toHaveLength(1);
  expect(audit[0]?.actor_name).toBe('Mona Mandat (mona.mandat@helse-forde.example)');

  // The same link again: already confirmed, nothing written twice.
  const again = await browser.post(noraLink, {}, noraLink);
  expect(again.status).toBe(303);
  expect(await t.db('audit_log').where({ action: 'confirmMandate' })).toHaveLength(1);
  expect((await request(t.app).get(noraLink)).text).toMatch(/Mandatet for Nora Sykepleier ble bekreftet/);
  // A forged link is a 404.
  expect((await request(t.app).get('/mandate/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);

  // The leader sees whose mandate is confirmed.
  const after = await client.get(`/networks/${networkId}/members`);
  const membership = await t.db('memberships').where({ participant_id: nurse, network_id: networkId }).first('id');
  const membership2 = await t.db('memberships').where({ participant_id: nurse2, network_id: networkId }).first('id');
  expect(after.text).toMatch(new RegExp(`data-mandate="${membership?.id}"><span class="ds-tag"[^>]*>Mandat bekreftet`));
  expect(after.text).toMatch(new RegExp(`data-mandate="${membership2?.id}"><span class="muted">Mandat ikke bekreftet`));
  expect((await client.get(`/networks/${networkId}`)).text).toMatch(/Nora Sykepleier.*data-mandate>Mandat bekreftet/);

  // Asked again the same week: nobody is asked twice, and nothing is sent.
  smtp.messages.length = 0;
  const twice = await client.post(`/networks/${networkId}/mandates`, {}, `/networks/${networkId}/members`);
  expect((await client.get(String(twice.headers.location))).text).toContain('Ingen å spørre');
  await waitForQueueDrained(t.db);
  expect(smtp.messages).toHaveLength(0);
});

test('a participant cannot ask for mandates; a link of an ended membership no longer works', async () => {
  const member = await t.client().signIn(nurse2);
  const refused = await member.post(`/networks/${networkId}/mandates`, {}, '/me');
  expect(refused.status).toBe(403);
  expect((await request(t.app).get(nilsLink)).status).toBe(200);
  await t
    .db('memberships')
    .where({ participant_id: nurse2, network_id: networkId })
    .update({ ends_on: t.db.raw('current_date') });
  expect((await request(t.app).get(nilsLink)).status).toBe(404);
  await t.db('memberships').where({ participant_id: nurse2, network_id: networkId }).update({ ends_on: null });
});

test('breadth: a gathering of one profession and without the user representative is flagged on the figures and the overview', async () => {
  const heldAt = new Date(Date.now() - 20 * 24 * 3600_000);
  const gatheringId = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: heldAt,
    invite: [leader, nurse, nurse2, userRep],
    host_unit_id: ddpsUnit,
    case_unit_id: ddpsUnit,
  });
  await t.db('gathering_presenters').insert({ gathering_id: gatheringId, unit_id: ddpsUnit });
  await t.db('minutes_actions').insert([
    { gathering_id: gatheringId, what: 'Lage felles rutine for kriseplaner', responsible_unit_id: ddpsUnit },
    { gathering_id: gatheringId, what: 'Invitere NAV', responsible_unit_id: ddpsUnit, closed_at: new Date() },
  ]);
  const client = await t.client().signIn(leader);
  const saved = await client.post(
    `/gatherings/${gatheringId}/attendance`,
    { present: [String(nurse), String(nurse2)] },
    `/gatherings/${gatheringId}/attendance`,
  );
  expect(saved.status).toBe(303);
  const year = Number(osloDate(heldAt).slice(0, 4));
  const figures = await client.get(`/networks/${networkId}/figures?year=${year}`);
  expect(figures.text).toContain('Yrker: Sykepleier (2)');
  expect(figures.text).toContain('data-one-profession>Bare én yrkesgruppe til stede');
  expect(figures.text).toContain('data-no-representative>Ingen bruker- eller pårørenderepresentant til stede');
  expect(figures.text).toMatch(/id="year-professions">Yrkesgrupper til stede i året: Sykepleier \(2\)/);
  const korus = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  const overview = await korus.get(`/overview?year=${year}&region=${regionId}`);
  expect(overview.text).toContain('bare én yrkesgruppe på samling');
  expect(overview.text).toContain('samling uten bruker- eller pårørenderepresentant');

  // A guest who writes "psykolog" widens the mix.
  await client.post(
    `/gatherings/${gatheringId}/attendance/guests`,
    { name: 'Gina Gjest', unitName: 'Kommunepsykologene', profession: 'psykolog' },
    `/gatherings/${gatheringId}/attendance`,
  );
  const wider = await client.get(`/networks/${networkId}/figures?year=${year}`);
  expect(wider.text).toContain('Yrker: Sykepleier (2), Psykolog (1)');
  expect(wider.text).not.toContain('data-one-profession');
});

test("once a year each unit manager gets the unit's participation: attendance and duties, once", async () => {
  const heldAt = new Date(Date.now() - 20 * 24 * 3600_000);
  const year = Number(osloDate(heldAt).slice(0, 4));
  smtp.messages.length = 0;
  expect(await sendUnitSummaries(t.db, year, 'https://samling.test')).toBe(1);
  const [mail] = await smtp.waitForMessages(1);
  expect(to(mail as ParsedMail)).toBe('mona.mandat@helse-forde.example');
  expect(mail?.subject).toBe(`Deltakelse i ROP-nettverk ${year}: Helse Førde – Nordfjord DPS`);
  expect(mail?.text).toContain('Nora Sykepleier, ROP-nettverk Nordfjord: møtte på 1 av 1 samlinger');
  expect(mail?.text).toContain('Liv Leder, ROP-nettverk Nordfjord: møtte på 0 av 1 samlinger');
  expect(mail?.text).toContain(
    'Enheten stilte med lokaler 1 ganger, holdt innlegg 1 ganger og la fram kasus 1 ganger.',
  );
  expect(mail?.text).toContain('Enheten hadde ansvar for 2 tiltak fra referatene; 1 av dem er fortsatt åpne.');
  expect(mail?.html).toContain('Nils Sykepleier');
  // The unit without a manager's address gets nothing; and a second run sends nothing again.
  expect(await sendUnitSummaries(t.db, year, 'https://samling.test')).toBe(0);
  await waitForQueueDrained(t.db);
  expect(smtp.messages).toHaveLength(1);
});
