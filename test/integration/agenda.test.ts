import { DateTime } from 'luxon';
import { fieldError, startTestApp, type TestApp } from '../support/app';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';

let t: TestApp;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** A network with a leader, two member units and one planned gathering on a Thursday 12:00–15:00 next year. */
async function gatheringWithLeader() {
  const regionId = await makeRegion(t.db);
  const networkId = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const host = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Helse Bergen',
    name: 'Kronstad DPS',
    service_type: 'mentalHealth',
  });
  const presenter = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Bergen kommune',
    name: 'ROP-teamet',
    service_type: 'municipal',
  });
  await t.db('network_units').insert([
    { network_id: networkId, unit_id: host },
    { network_id: networkId, unit_id: presenter },
  ]);
  const leader = await makeParticipant(t.db, { unit_id: host });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  const member = await makeParticipant(t.db, { unit_id: presenter });
  await makeMembership(t.db, { network_id: networkId, participant_id: member });
  const start = DateTime.fromObject({ year: YEAR, month: 3, day: 11, hour: 12 }, { zone: 'Europe/Oslo' });
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: start.toJSDate(),
      ends_at: start.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      host_unit_id: host,
      venue: 'Kronstad DPS',
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  await t.db('gathering_presenters').insert({ gathering_id: g!.id, unit_id: presenter });
  return { regionId, networkId, gatheringId: g!.id as number, host, presenter, leader, member };
}

const items = (gatheringId: number) => t.db('agenda_items').where({ gathering_id: gatheringId }).orderBy('position');

test('a leader builds an agenda from the template, sets a topic from the bank, confirms the case and publishes', async () => {
  const { gatheringId, leader, presenter, host } = await gatheringWithLeader();
  const client = await t.client().signIn(leader);
  const page = `/gatherings/${gatheringId}/agenda`;
  expect((await client.post(`${page}/template`, {}, page)).status).toBe(303);
  const built = await items(gatheringId);
  expect(built.map((i) => i.kind)).toEqual([
    'welcome',
    'topicTalk',
    'casePresentation',
    'servicePresentation',
    'break',
    'exchange',
    'evaluation',
  ]);
  expect(built.reduce((sum, i) => sum + i.duration_minutes, 0)).toBe(180);
  expect(built.find((i) => i.kind === 'topicTalk')?.responsible_unit_id).toBe(presenter);
  expect(built.find((i) => i.kind === 'welcome')?.responsible_unit_id).toBe(host);

  // Publishing is refused while checks fail: no topic, and the case is not confirmed anonymised.
  const refused = await client.post(`${page}/publish`, {}, page);
  expect(refused.status).toBe(422);
  expect(refused.text).toContain('Samlingen har ikke tema.');
  expect(refused.text).toContain('kasuset er ikke bekreftet anonymisert');
  expect(await t.db('agenda_versions').where({ gathering_id: gatheringId }).first()).toBeUndefined();

  const bank = await t.db('topics').where({ title: 'ROP-avklaringsmøter' }).first();
  expect((await client.post(`/gatherings/${gatheringId}/topic`, { topicId: String(bank!.id) }, page)).status).toBe(303);
  const kasus = built.find((i) => i.kind === 'casePresentation');
  const edited = await client.post(
    `${page}/items/${kasus!.id}`,
    {
      kind: 'casePresentation',
      title: 'Kasus: samarbeid rundt utskriving',
      description: 'Anonymisert kasus',
      durationMinutes: String(kasus!.duration_minutes),
      responsibleUnitId: String(presenter),
      responsiblePerson: 'Siri',
      anonymisedConfirmed: 'on',
    },
    `${page}/items/${kasus!.id}/edit`,
  );
  expect(edited.status).toBe(303);
  const published = await client.post(`${page}/publish`, {}, page);
  expect(published.status).toBe(303);
  const version = await t.db('agenda_versions').where({ gathering_id: gatheringId }).first();
  expect(version!.version).toBe(1);
  const snapshot = version!.snapshot as { topic: string; items: unknown[] };
  expect(snapshot.topic).toBe('ROP-avklaringsmøter');
  expect(snapshot.items[0]).toMatchObject({ startTime: '12:00' });

  // A later edit makes the next publication version 2; version 1 stays viewable.
  await client.post(`${page}/items/${kasus!.id}/move`, { direction: 'up' }, page);
  expect((await items(gatheringId)).map((i) => i.kind).slice(1, 3)).toEqual(['casePresentation', 'topicTalk']);
  expect((await client.get(page)).text).toContain('Agendaen er endret siden');
  await client.post(`${page}/publish`, {}, page);
  expect(await t.db('agenda_versions').where({ gathering_id: gatheringId }).pluck('version')).toEqual([1, 2]);
  const v1 = await client.get(`${page}/versions/1`);
  expect(v1.status).toBe(200);
  expect(v1.text).toContain('Versjon 1');
});

test('the print view shows the published agenda to members, without navigation', async () => {
  const { gatheringId, leader, member } = await gatheringWithLeader();
  const leaderClient = await t.client().signIn(leader);
  await leaderClient.post(`/gatherings/${gatheringId}/agenda/template`, {}, `/gatherings/${gatheringId}/agenda`);
  const res = await (await t.client().signIn(member)).get(`/gatherings/${gatheringId}/agenda/print`);
  expect(res.status).toBe(200);
  expect(res.text).toContain('Utkast – ikke publisert');
  expect(res.text).toContain('12:00–');
  expect(res.text).not.toContain('site-header');
  expect((await (await t.client().signIn(member)).get(`/gatherings/${gatheringId}/agenda`)).status).toBe(403);
});

test('an identity number in an agenda item is refused with a message at the field, and nothing is saved', async () => {
  const { gatheringId, leader } = await gatheringWithLeader();
  const client = await t.client().signIn(leader);
  const page = `/gatherings/${gatheringId}/agenda`;
  const res = await client.post(
    `${page}/items`,
    {
      kind: 'casePresentation',
      title: 'Kasus',
      description: 'Pasient født 010100 12356 i Bergen',
      durationMinutes: '30',
      responsibleUnitId: '',
      responsiblePerson: '',
    },
    page,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'description')).toMatch(/fødselsnummer eller D-nummer/);
  expect(await items(gatheringId)).toHaveLength(0);
  const topic = await client.post(`/gatherings/${gatheringId}/topic`, { newTopic: 'Kasus 01010012356' }, page);
  expect(topic.status).toBe(422);
  expect(await t.db('topics').where('title', 'like', '%01010012356%').first()).toBeUndefined();
});

test('bad item input: a duration out of range, a unit that is not a member, an unknown item', async () => {
  const { gatheringId, leader } = await gatheringWithLeader();
  const outsider = await makeUnit(t.db);
  const client = await t.client().signIn(leader);
  const page = `/gatherings/${gatheringId}/agenda`;
  const bad = await client.post(
    `${page}/items`,
    { kind: 'topicTalk', title: 'Innlegg', durationMinutes: '0', responsibleUnitId: '' },
    page,
  );
  expect(fieldError(bad.text, 'durationMinutes')).toBe('Skriv antall minutter, fra 1 til 600.');
  const foreign = await client.post(
    `${page}/items`,
    { kind: 'topicTalk', title: 'Innlegg', durationMinutes: '30', responsibleUnitId: String(outsider) },
    page,
  );
  expect(fieldError(foreign.text, 'responsibleUnitId')).toBe('Velg et av alternativene.');
  expect((await client.post(`${page}/items/999999/delete`, {}, page)).status).toBe(404);
});

test("a new topic shared with the region becomes a suggestion for the region's other networks", async () => {
  const { gatheringId, leader, regionId } = await gatheringWithLeader();
  const client = await t.client().signIn(leader);
  await client.post(
    `/gatherings/${gatheringId}/topic`,
    { newTopic: 'Overganger mellom døgn og kommune', shareWithRegion: 'on' },
    `/gatherings/${gatheringId}/agenda`,
  );
  const topic = await t.db('topics').where({ title: 'Overganger mellom døgn og kommune' }).first();
  expect(topic!.region_id).toBe(regionId);
  expect(topic!.network_id).toBeNull();
  expect((await t.db('gatherings').where({ id: gatheringId }).first())!.topic_id).toBe(topic!.id);
});

test('an agenda not published when it is due is flagged on the network page and for KORUS on the region page', async () => {
  const { gatheringId, leader, networkId, regionId } = await gatheringWithLeader();
  // Ten days ahead: past the default due date (14 days before).
  const soon = DateTime.now().plus({ days: 10 }).setZone('Europe/Oslo').set({ hour: 12, minute: 0 });
  await t
    .db('gatherings')
    .where({ id: gatheringId })
    .update({ starts_at: soon.toJSDate(), ends_at: soon.plus({ hours: 3 }).toJSDate() });
  const client = await t.client().signIn(leader);
  expect((await client.get(`/networks/${networkId}`)).text).toContain('nærmer seg uten publisert agenda');
  const admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  expect((await admin.get(`/regions/${regionId}`)).text).toContain('Agenda mangler for 1 samling(er)');
  await t.db('networks').where({ id: networkId }).update({ agenda_due_days: 5 });
  expect((await admin.get(`/regions/${regionId}`)).text).not.toContain('Agenda mangler');
});

test('a topic just chosen is not marked as covered before; for a later gathering it is', async () => {
  const { gatheringId, networkId, leader } = await gatheringWithLeader();
  const client = await t.client().signIn(leader);
  const page = `/gatherings/${gatheringId}/agenda`;
  const bank = await t.db('topics').where({ title: 'Juridiske spørsmål om samtykke og identifiserbarhet' }).first();
  expect(bank).toBeDefined();
  expect((await client.post(`/gatherings/${gatheringId}/topic`, { topicId: String(bank!.id) }, page)).status).toBe(303);
  expect((await client.get(page)).text).not.toContain(`${bank!.title} (har vært tema før)`);
  const first = await t.db('gatherings').where({ id: gatheringId }).first();
  const [later] = await t
    .db('gatherings')
    .insert({
      starts_at: new Date(first!.starts_at.getTime() + 90 * 86_400_000),
      ends_at: new Date(first!.ends_at.getTime() + 90 * 86_400_000),
      format: 'digital',
      status: 'planned',
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: later!.id, network_id: networkId });
  expect((await client.get(`/gatherings/${later!.id}/agenda`)).text).toContain(`${bank!.title} (har vært tema før)`);
});

test("a network's own agenda template: edited by the leader, checked, used for the next agenda, and reset", async () => {
  const { networkId, gatheringId, leader, presenter } = await gatheringWithLeader();
  const client = await t.client().signIn(leader);
  const page = `/networks/${networkId}/agenda-template`;
  const shown = await client.get(page);
  expect(shown.text).toContain('Nettverket bruker Samlings standardmal.');
  expect(shown.text).toMatch(/<option value="servicePresentation" selected>/);

  // Two exchange items, and a share that is no number: refused, the rows kept as typed.
  const bad = await client.post(
    page,
    { kind: ['welcome', 'exchange', 'exchange'], title: ['Kaffe og velkommen', '', ''], percent: ['ti', '', ''] },
    page,
  );
  expect(bad.status).toBe(422);
  expect(fieldError(bad.text, 'items')).toMatch(/helt tall fra 1 til 80|nøyaktig ett punkt/);
  expect(bad.text).toContain('value="Kaffe og velkommen"');
  // Shares leaving the exchange less than the network's minimum (30 %).
  const greedy = await client.post(
    page,
    { kind: ['topicTalk', 'casePresentation', 'exchange'], title: ['', '', ''], percent: ['40', '40', ''] },
    page,
  );
  expect(fieldError(greedy.text, 'items')).toBe(
    'Andelene er for store: erfaringsutvekslingen får mindre enn nettverkets minimum.',
  );
  expect((await t.db('networks').where({ id: networkId }).first())!.agenda_template).toBeNull();

  const saved = await client.post(
    page,
    {
      kind: ['welcome', 'servicePresentation', 'exchange', ''],
      title: ['Kaffe og velkommen', '', '', ''],
      percent: ['10', '20', '', ''],
    },
    page,
  );
  expect(saved.status).toBe(303);
  const builder = `/gatherings/${gatheringId}/agenda`;
  await client.post(`${builder}/template`, {}, builder);
  const built = await items(gatheringId);
  expect(built.map((i) => [i.kind, i.title, i.duration_minutes])).toEqual([
    ['welcome', 'Kaffe og velkommen', 20],
    ['servicePresentation', 'Presentasjon av en tjeneste', 35],
    ['exchange', 'Erfaringsutveksling', 125],
  ]);
  expect(built[1]?.responsible_unit_id).toBe(presenter);

  expect((await client.post(`${page}/reset`, {}, page)).status).toBe(303);
  expect((await t.db('networks').where({ id: networkId }).first())!.agenda_template).toBeNull();
  expect((await client.get(page)).text).toContain('Nettverket bruker standardmalen igjen.');
});
