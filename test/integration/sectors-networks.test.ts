import { currentYearInOslo } from '../../src/kernel/dates';
import { DateTime } from 'luxon';
import { fieldError, startTestApp, type TestApp } from '../support/app';
import {
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
  makeKorusAdmin,
} from '../support/factories';

let t: TestApp;
let adminId: number;
const asAdmin = () => t.client().signIn(adminId);
beforeAll(async () => {
  t = await startTestApp();
  adminId = await makeKorusAdmin(t.db, null);
});
afterAll(() => t.close());

test('a sector is created with its municipalities, one per line', async () => {
  const regionId = await makeRegion(t.db);
  const client = await asAdmin();
  const res = await client.post('/sectors', {
    regionId: String(regionId),
    name: 'Solli DPS',
    healthTrust: 'Helse Bergen',
    municipalities: 'Bjørnafjorden\nAustevoll, Samnanger\n\nAustevoll',
  });
  expect(res.status).toBe(303);
  const sector = await t.db('sectors').where({ name: 'Solli DPS' }).first();
  expect(sector!.municipalities).toEqual(['Bjørnafjorden', 'Austevoll', 'Samnanger']);
});

test('a sector in a region that does not exist is refused at the field', async () => {
  const res = await (await asAdmin()).post('/sectors', { regionId: 'abc', name: 'X DPS', healthTrust: 'Helse Bergen' });
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'regionId')).toBe('Velg et av alternativene.');
});

test('moving a sector to a region id that does not exist is refused at the field, not a 500 (found by the fuzzer)', async () => {
  const sectorId = await makeSector(t.db, { region_id: await makeRegion(t.db), name: 'Flytt DPS' });
  const sector = await t.db('sectors').where({ id: sectorId }).first();
  const missing = ((await t.db('regions').max({ max: 'id' }).first()) as { max: number }).max + 1000;
  const res = await (await asAdmin()).post(
    `/sectors/${sectorId}`,
    { regionId: String(missing), name: 'Flytt DPS', healthTrust: 'Helse Bergen', version: String(sector!.version) },
    `/sectors/${sectorId}/edit`,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'regionId')).toBe('Velg et av alternativene.');
  expect((await t.db('sectors').where({ id: sectorId }).first())!.region_id).toBe(sector!.region_id);
});

test('a learning network needs its two-year period; the message names the field', async () => {
  const sectorId = await makeSector(t.db);
  const res = await (await asAdmin()).post('/networks', {
    sectorId: String(sectorId),
    name: 'Læringsnettverk',
    kind: 'learning',
    status: 'active',
    startsOn: '2026-09-01',
    endsOn: '',
  });
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'endsOn')).toBe('Et læringsnettverk må ha start- og sluttdato.');
  const impossible = await (await asAdmin()).post('/networks', {
    sectorId: String(sectorId),
    name: 'Læringsnettverk',
    kind: 'learning',
    status: 'active',
    startsOn: '2026-02-31',
    endsOn: '2028-06-30',
  });
  expect(fieldError(impossible.text, 'startsOn')).toBe('Skriv en gyldig dato (åååå-mm-dd).');
  // Two months is no two-year learning network, in the form or in the database.
  const short = await (await asAdmin()).post('/networks', {
    sectorId: String(sectorId),
    name: 'Læringsnettverk',
    kind: 'learning',
    status: 'active',
    startsOn: '2026-09-01',
    endsOn: '2026-11-01',
  });
  expect(short.status).toBe(422);
  expect(fieldError(short.text, 'endsOn')).toBe(
    'Et læringsnettverk varer omtrent to år: perioden må være mellom ett og tre år.',
  );
  await expect(
    t
      .db('networks')
      .insert({ sector_id: sectorId, name: 'Kort', kind: 'learning', starts_on: '2026-09-01', ends_on: '2026-11-01' }),
  ).rejects.toThrow(/networks_learning_period_length/);
  const ok = await (await asAdmin()).post('/networks', {
    sectorId: String(sectorId),
    name: 'Læringsnettverk',
    kind: 'learning',
    status: 'active',
    startsOn: '2026-09-01',
    endsOn: '2028-06-30',
  });
  expect(ok.status).toBe(303);
});

describe('the network page', () => {
  test("shows leader, working group, participants by service type, member units and this year's gatherings", async () => {
    const regionId = await makeRegion(t.db);
    const sectorId = await makeSector(t.db, { region_id: regionId, name: 'Betanien DPS' });
    const networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Betanien' });
    const kommune = await makeUnit(t.db, {
      region_id: regionId,
      organisation: 'Bergen kommune',
      name: 'ROP-teamet Laksevåg',
      service_type: 'municipal',
    });
    const dps = await makeUnit(t.db, {
      region_id: regionId,
      organisation: 'Betanien',
      name: 'DPS poliklinikk',
      service_type: 'mentalHealth',
    });
    await t.db('network_units').insert([
      { network_id: networkId, unit_id: kommune },
      { network_id: networkId, unit_id: dps },
    ]);
    const leader = await makeParticipant(t.db, { unit_id: dps, name: 'Lene Leder', profession: 'psychologist' });
    const group = await makeParticipant(t.db, { unit_id: kommune, name: 'Arne Arbeidsgruppe' });
    const nurse = await makeParticipant(t.db, {
      unit_id: kommune,
      name: 'Siri Sykepleier',
      is_user_representative: false,
    });
    const gone = await makeParticipant(t.db, { unit_id: kommune, name: 'Tidligere Deltaker' });
    await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
    await makeMembership(t.db, { network_id: networkId, participant_id: group, role: 'workingGroup' });
    await makeMembership(t.db, { network_id: networkId, participant_id: nurse });
    await makeMembership(t.db, {
      network_id: networkId,
      participant_id: gone,
      starts_on: '2024-01-01',
      ends_on: '2025-01-01',
    });
    const year = DateTime.now().setZone('Europe/Oslo').year;
    const startsAt = DateTime.fromObject({ year, month: 3, day: 12, hour: 12 }, { zone: 'Europe/Oslo' });
    const [gathering] = await t
      .db('gatherings')
      .insert({
        starts_at: startsAt.toJSDate(),
        ends_at: startsAt.plus({ hours: 3 }).toJSDate(),
        format: 'physical',
        topic: 'Gode pasientforløp',
        host_unit_id: dps,
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: gathering!.id, network_id: networkId });

    const page = await (await asAdmin()).get(`/networks/${networkId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Lene Leder');
    expect(page.text).toContain('Arne Arbeidsgruppe');
    expect(page.text).toMatch(/<h3[^>]*>Kommune \(1\)<\/h3>[\s\S]*Siri Sykepleier/);
    expect(page.text).not.toContain('Tidligere Deltaker');
    expect(page.text).toContain('ROP-teamet Laksevåg');
    expect(page.text).toContain('Gode pasientforløp');
    expect(page.text).toContain('12:00–15:00');
    expect(page.text).toMatch(new RegExp(`torsdag 12\\. mars ${year}|12\\. mars ${year}`));

    // The working group (leader from DPS, Arne from the municipality) has nobody from addiction treatment.
    const members = await (await asAdmin()).get(`/networks/${networkId}/members`);
    expect(members.text).toContain('Arbeidsgruppen (lederen medregnet) har ingen fra: Rusbehandling (TSB).');
    const tsb = await makeUnit(t.db, { region_id: regionId, name: 'Rusposten', service_type: 'addiction' });
    await makeMembership(t.db, {
      network_id: networkId,
      participant_id: await makeParticipant(t.db, { unit_id: tsb }),
      role: 'workingGroup',
    });
    expect((await (await asAdmin()).get(`/networks/${networkId}/members`)).text).not.toContain(
      'Arbeidsgruppen (lederen medregnet) har ingen fra',
    );
  });

  test('a second current leader is refused by the database and shown as a message at the role field', async () => {
    const networkId = await makeNetwork(t.db);
    const network = await t
      .db('networks as n')
      .join('sectors as s', 's.id', 'n.sector_id')
      .where('n.id', networkId)
      .select('s.region_id')
      .first();
    const unitId = await makeUnit(t.db, { region_id: network.region_id });
    const first = await makeParticipant(t.db, { unit_id: unitId });
    const second = await makeParticipant(t.db, { unit_id: unitId });
    await makeMembership(t.db, { network_id: networkId, participant_id: first, role: 'leader' });
    const client = await asAdmin();
    const res = await client.post(
      `/networks/${networkId}/memberships`,
      { participantId: String(second), role: 'leader' },
      `/networks/${networkId}/members`,
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'role')).toBe(
      'Nettverket har allerede en leder. Gi den nåværende lederen en annen rolle først.',
    );
    await expect(
      t.db('memberships').insert({ network_id: networkId, participant_id: second, role: 'leader' }),
    ).rejects.toThrow(/memberships_one_current_leader/);
  });

  test('changing a role keeps the history: the old period ends, a new one starts', async () => {
    const networkId = await makeNetwork(t.db);
    const { region_id: regionId } = await t
      .db('networks as n')
      .join('sectors as s', 's.id', 'n.sector_id')
      .where('n.id', networkId)
      .select('s.region_id')
      .first();
    const person = await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: regionId }) });
    const client = await asAdmin();
    const added = await client.post(
      `/networks/${networkId}/memberships`,
      { participantId: String(person), role: 'participant' },
      `/networks/${networkId}/members`,
    );
    expect(added.status).toBe(303);
    const membership = await t.db('memberships').where({ network_id: networkId, participant_id: person }).first();
    // The members page offers every role for each member, with the current one chosen.
    const page = (await client.get(`/networks/${networkId}/members`)).text;
    const select =
      new RegExp(`<select[^>]*id="role-${membership!.id}"[^>]*>([\\s\\S]*?)</select>`).exec(page)?.[1] ?? '';
    expect([...select.matchAll(/<option value="(\w+)"/g)].map((m) => m[1])).toEqual([
      'leader',
      'workingGroup',
      'participant',
    ]);
    expect(select).toMatch(/<option value="participant" selected>/);
    const changed = await client.post(
      `/networks/${networkId}/memberships/${membership!.id}/role`,
      { role: 'workingGroup' },
      `/networks/${networkId}/members`,
    );
    expect(changed.status).toBe(303);
    const rows = await t.db('memberships').where({ network_id: networkId, participant_id: person }).orderBy('id');
    expect(rows.map((r) => [r.role, r.ends_on === null])).toEqual([
      ['participant', false],
      ['workingGroup', true],
    ]);
  });

  test('someone from another region cannot be added, even by a crafted request', async () => {
    const networkId = await makeNetwork(t.db);
    const outsider = await makeParticipant(t.db);
    const res = await (await asAdmin()).post(
      `/networks/${networkId}/memberships`,
      { participantId: String(outsider), role: 'participant' },
      `/networks/${networkId}/members`,
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'participantId')).toBe('Velg et av alternativene.');
    expect(await t.db('memberships').where({ participant_id: outsider }).first()).toBeUndefined();
  });

  test('member units can be added and removed, keeping when they joined and left', async () => {
    const networkId = await makeNetwork(t.db);
    const { region_id: regionId } = await t
      .db('networks as n')
      .join('sectors as s', 's.id', 'n.sector_id')
      .where('n.id', networkId)
      .select('s.region_id')
      .first();
    const unitId = await makeUnit(t.db, { region_id: regionId, name: 'NAV Fana' });
    const client = await asAdmin();
    expect(
      (await client.post(`/networks/${networkId}/units`, { unitId: String(unitId) }, `/networks/${networkId}/members`))
        .status,
    ).toBe(303);
    const again = await client.post(
      `/networks/${networkId}/units`,
      { unitId: String(unitId) },
      `/networks/${networkId}/members`,
    );
    expect(fieldError(again.text, 'unitId')).toBe('Velg et av alternativene.');
    const row = await t.db('network_units').where({ network_id: networkId, unit_id: unitId }).first();
    expect(
      (await client.post(`/networks/${networkId}/units/${row!.id}/end`, {}, `/networks/${networkId}/members`)).status,
    ).toBe(303);
    expect((await t.db('network_units').where({ id: row!.id }).first())!.left_on).not.toBeNull();
  });
});

test("the network page counts this year's gatherings without the cancelled ones (which it lists, struck through)", async () => {
  const networkId = await makeNetwork(t.db);
  const year = currentYearInOslo();
  const at = (month: number) => new Date(Date.UTC(year, month, 14, 11));
  const rows = await t
    .db('gatherings')
    .insert([
      { starts_at: at(5), ends_at: new Date(at(5).getTime() + 3 * 3600_000), format: 'physical', status: 'planned' },
      { starts_at: at(6), ends_at: new Date(at(6).getTime() + 3 * 3600_000), format: 'digital', status: 'cancelled' },
    ])
    .returning('id');
  await t
    .db('gathering_networks')
    .insert(rows.map((r: { id: number }) => ({ gathering_id: r.id, network_id: networkId })));
  const page = (await (await asAdmin()).get(`/networks/${networkId}`)).text;
  expect(page).toContain('Samlinger: 1, av dem med fysisk oppmøte: 1.');
  expect(page).toContain('class="cancelled"');
});
