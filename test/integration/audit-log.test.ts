import { DateTime } from 'luxon';
import { startTestApp, type TestApp, type TestClient } from '../support/app';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';

// What the audit log records about the people and things an entry concerns.

let t: TestApp;
let networkId: number;
const p: Record<string, number> = {};
let gathering: number;
let admin: TestClient;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

beforeAll(async () => {
  t = await startTestApp();
  const regionId = await makeRegion(t.db, { name: 'Region Vest' });
  networkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: regionId }),
    name: 'ROP-nettverk Bjørgvin DPS',
  });
  const unit = await makeUnit(t.db, { region_id: regionId, name: 'Rusteam Sentrum' });
  for (const [key, name] of [
    ['per', 'Per Pedersen'],
    ['siri', 'Siri Sund'],
  ] as const) {
    p[key] = await makeParticipant(t.db, { unit_id: unit, name });
    await makeMembership(t.db, { network_id: networkId, participant_id: p[key] as number });
  }
  const startsAt = DateTime.fromISO(`${YEAR}-03-12T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: startsAt.toJSDate(),
      ends_at: startsAt.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
    })
    .returning('id');
  gathering = g.id;
  await t.db('gathering_networks').insert({ gathering_id: gathering, network_id: networkId });
  admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
});
afterAll(() => t.close());

test('a role change, an ended membership and a removed agenda item keep what they concern', async () => {
  const membership = async (person: number) =>
    (await t.db('memberships').where({ network_id: networkId, participant_id: person }).whereNull('ends_on').first())
      .id as number;
  const members = `/networks/${networkId}/members`;
  const role = await admin.post(
    `/networks/${networkId}/memberships/${await membership(p.per as number)}/role`,
    { role: 'workingGroup' },
    members,
  );
  expect(role.status).toBe(303);
  expect(
    (await admin.post(`/networks/${networkId}/memberships/${await membership(p.siri as number)}/end`, {}, members))
      .status,
  ).toBe(303);
  const [item] = await t
    .db('agenda_items')
    .insert({ gathering_id: gathering, position: 1, kind: 'welcome', title: 'Velkommen', duration_minutes: 10 })
    .returning('id');
  const agenda = `/gatherings/${gathering}/agenda`;
  expect((await admin.post(`${agenda}/items/${item.id}/delete`, {}, agenda)).status).toBe(303);
  const changes = async (action: string) =>
    (await t.db('audit_log').where({ action }).orderBy('id', 'desc').first()).changes;
  expect(await changes('changeRole')).toEqual({
    participantId: { before: p.per, after: p.per },
    role: { before: 'participant', after: 'workingGroup' },
  });
  expect(await changes('endMember')).toEqual({
    participantId: { before: p.siri, after: p.siri },
    role: { before: 'participant', after: null },
  });
  expect(await changes('removeAgendaItem')).toEqual({ title: { before: 'Velkommen', after: null } });
});
