import { DateTime } from 'luxon';
import { fieldError, startTestApp, type TestApp } from '../support/app';
import { waitFor } from '../support/processes';
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
let regionId: number;
const NEXT_YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

beforeAll(async () => {
  t = await startTestApp();
  regionId = await makeRegion(t.db);
});
afterAll(() => t.close());

/** A network with a leader and five member units of different kinds, one of which cannot host. */
async function networkWithUnits() {
  const sectorId = await makeSector(t.db, { region_id: regionId });
  const networkId = await makeNetwork(t.db, { sector_id: sectorId });
  const kinds = [
    ['Bergen kommune', 'ROP-team', 'municipal', true],
    ['Helse Bergen', 'DPS poliklinikk', 'mentalHealth', true],
    ['Helse Bergen', 'AFR poliklinikk', 'addiction', true],
    ['NAV Årstad', 'Oppfølging', 'welfare', true],
    ['Mental Helse', 'Likepersoner', 'userOrganisation', false],
  ] as const;
  const units: number[] = [];
  for (const [organisation, name, type, canHost] of kinds) {
    const unit = await makeUnit(t.db, {
      region_id: regionId,
      organisation,
      name: `${name} ${units.length}-${networkId}`,
      service_type: type,
      can_host: canHost,
      address: 'Testveien 1, 5000 Bergen',
    });
    await t.db('network_units').insert({ network_id: networkId, unit_id: unit, joined_on: '2020-01-01' });
    units.push(unit);
  }
  const leader = await makeParticipant(t.db, { unit_id: units[1] });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  const member = await makeParticipant(t.db, { unit_id: units[0] });
  await makeMembership(t.db, { network_id: networkId, participant_id: member, role: 'participant' });
  return { networkId, sectorId, units, leader, member };
}

const drafts = (networkId: number) =>
  t
    .db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('gn.network_id', networkId)
    .orderBy('g.starts_at')
    .select('g.*', t.db.raw(`to_char(g.starts_at at time zone 'Europe/Oslo', 'YYYY-MM-DD HH24:MI ID') as local`));

test('a leader proposes next year, sees four dated gatherings with fair duties, and accepts them', async () => {
  const { networkId, leader, units } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  const proposed = await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  expect(proposed.status).toBe(303);
  const rows = await drafts(networkId);
  expect(rows).toHaveLength(4);
  expect(rows.every((r) => r.status === 'proposed')).toBe(true);
  // Thursdays 12:00 Oslo time by default, spread over the year.
  expect(rows.every((r) => r.local.endsWith('12:00 4'))).toBe(true);
  expect(new Set(rows.map((r) => Math.floor((Number(r.local.slice(5, 7)) - 1) / 3))).size).toBe(4);
  expect(rows.filter((r) => r.format !== 'digital').length).toBeGreaterThanOrEqual(2);
  // Hosts: never the unit that cannot host, and not the same unit twice.
  const hosts = rows.filter((r) => r.format !== 'digital').map((r) => r.host_unit_id);
  expect(hosts).not.toContain(units[4]);
  expect(new Set(hosts).size).toBe(hosts.length);

  const page = await client.get(`/networks/${networkId}/plan?year=${NEXT_YEAR}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Forslag');
  expect(page.text).toMatch(/har ikke hatt vertskap før|hadde sist vertskap/);

  const accepted = await client.post(`/networks/${networkId}/plan/accept`, { year: String(NEXT_YEAR) });
  expect(accepted.status).toBe(303);
  expect((await drafts(networkId)).every((r) => r.status === 'planned')).toBe(true);
  expect(await t.db('year_plans').where({ network_id: networkId, year: NEXT_YEAR }).first()).toBeDefined();
  expect((await client.get(`/networks/${networkId}/plan?year=${NEXT_YEAR}`)).text).toContain('Årsplanen ble godkjent');
});

test('a broken rule is shown as a clear message: a gathering moved onto a holiday and too close to another', async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const [first, second] = await drafts(networkId);
  // 17 May (Constitution Day) is a public holiday every year.
  const moved = await client.post(
    `/gatherings/${first.id}`,
    {
      date: `${NEXT_YEAR}-05-17`,
      startTime: '12:00',
      endTime: '15:00',
      format: 'physical',
      kind: 'regular',
      venue: 'Testveien 1',
      meetingUrl: '',
      topic: '',
      version: String(first.version),
    },
    `/gatherings/${first.id}/edit`,
  );
  expect(moved.status).toBe(303);
  const page = await client.get(`/networks/${networkId}/plan?year=${NEXT_YEAR}`);
  expect(page.text).toMatch(/er en helligdag/);
  expect(second).toBeDefined();
});

test('bad input on a gathering: a date outside the year, an end before the start, a stale form', async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const [g] = await drafts(networkId);
  const form = {
    date: `${NEXT_YEAR + 1}-03-11`,
    startTime: '12:00',
    endTime: '15:00',
    format: 'physical',
    kind: 'regular',
    venue: 'X',
    meetingUrl: '',
    topic: '',
    version: String(g.version),
  };
  const outside = await client.post(`/gatherings/${g.id}`, form, `/gatherings/${g.id}/edit`);
  expect(outside.status).toBe(422);
  expect(fieldError(outside.text, 'date')).toBe('Datoen må være i samme år som årsplanen.');
  const backwards = await client.post(
    `/gatherings/${g.id}`,
    { ...form, date: `${NEXT_YEAR}-03-11`, startTime: '15:00', endTime: '12:00' },
    `/gatherings/${g.id}/edit`,
  );
  expect(fieldError(backwards.text, 'endTime')).toBe('Sluttiden må være etter starttiden.');
  const ok = await client.post(
    `/gatherings/${g.id}`,
    { ...form, date: `${NEXT_YEAR}-03-11` },
    `/gatherings/${g.id}/edit`,
  );
  expect(ok.status).toBe(303);
  const stale = await client.post(
    `/gatherings/${g.id}`,
    { ...form, date: `${NEXT_YEAR}-03-18` },
    `/gatherings/${g.id}/edit`,
  );
  expect(stale.status).toBe(409);
  expect((await t.db('gatherings').where({ id: g.id }).first())!.starts_at.toISOString()).toContain(
    `${NEXT_YEAR}-03-11`,
  );
});

test('a unit that is not a member cannot be given a duty, even by a crafted request', async () => {
  const { networkId, leader } = await networkWithUnits();
  const outsider = await makeUnit(t.db, { region_id: regionId });
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const g = (await drafts(networkId)).find((r) => r.format !== 'digital');
  const res = await client.post(
    `/gatherings/${g.id}/duties`,
    { hostUnitId: String(outsider), presenterUnitIds: String(outsider), version: String(g.version) },
    `/gatherings/${g.id}/edit`,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'hostUnitId')).toMatch(/Velg en medlemsenhet/);
  expect((await t.db('gatherings').where({ id: g.id }).first())!.host_unit_id).toBe(g.host_unit_id);
});

test('a stale duties form is refused with 409 and a clear message, and nothing is written', async () => {
  const { networkId, leader, units } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const g = (await drafts(networkId)).find((r) => r.format !== 'digital');
  // Someone else saves the gathering after this form was read.
  await t
    .db('gatherings')
    .where({ id: g.id })
    .update({ topic: 'Endret av en annen', version: t.db.raw('version + 1') });
  const before = await t.db('gatherings').where({ id: g.id }).first();
  const presentersBefore = await t.db('gathering_presenters').where({ gathering_id: g.id }).orderBy('unit_id');
  const host = units.find((u) => u !== g.host_unit_id && u !== units[4]);
  const res = await client.post(
    `/gatherings/${g.id}/duties`,
    { hostUnitId: String(host), presenterUnitIds: String(units[3]), lockHost: 'on', version: String(g.version) },
    `/gatherings/${g.id}/edit`,
  );
  expect(res.status).toBe(409);
  expect(res.text).toContain('Noen andre har endret dette mens du hadde skjemaet åpent.');
  expect(await t.db('gatherings').where({ id: g.id }).first()).toEqual(before);
  expect(await t.db('gathering_presenters').where({ gathering_id: g.id }).orderBy('unit_id')).toEqual(presentersBefore);
  expect(await t.db('audit_log').where({ action: 'setDuties', entity_id: g.id })).toHaveLength(0);
});

test('a swap reads the gatherings inside its transaction: a change committed meanwhile is swapped, not overwritten', async () => {
  const { networkId, leader, units } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const [a, b] = (await drafts(networkId)).filter((r) => r.format !== 'digital');
  const newHost = units.find((u) => u !== a.host_unit_id && u !== b.host_unit_id && u !== units[4]);
  // Another save of the first gathering holds its row while the swap is posted.
  const other = await t.db.transaction();
  try {
    await other('gatherings')
      .where({ id: a.id })
      .update({ host_unit_id: newHost, version: other.raw('version + 1') });
    const swap = client.post(
      `/networks/${networkId}/plan/swap`,
      { first: String(a.id), second: String(b.id), duty: 'host', year: String(NEXT_YEAR) },
      `/networks/${networkId}/plan?year=${NEXT_YEAR}`,
    );
    await waitFor('the swap to wait for the other save', async () => {
      const waiting = await t.db.raw(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
      );
      return waiting.rows[0].n > 0;
    });
    await other.commit();
    expect((await swap).status).toBe(303);
  } finally {
    if (!other.isCompleted()) await other.rollback();
  }
  const after = await t.db('gatherings').whereIn('id', [a.id, b.id]).orderBy('starts_at');
  expect(after.map((g) => g.host_unit_id)).toEqual([b.host_unit_id, newHost]);
});

test('swapping hosts between two gatherings locks them, and re-proposing duties keeps locked ones', async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const physical = (await drafts(networkId)).filter((r) => r.format !== 'digital');
  const [a, b] = physical;
  const swapped = await client.post(
    `/networks/${networkId}/plan/swap`,
    { first: String(a.id), second: String(b.id), duty: 'host', year: String(NEXT_YEAR) },
    `/networks/${networkId}/plan?year=${NEXT_YEAR}`,
  );
  expect(swapped.status).toBe(303);
  const after = await t.db('gatherings').whereIn('id', [a.id, b.id]).orderBy('starts_at');
  expect(after.map((g) => g.host_unit_id)).toEqual([b.host_unit_id, a.host_unit_id]);
  expect(after.every((g) => g.host_locked)).toBe(true);
  await client.post(
    `/networks/${networkId}/plan/rotate`,
    { year: String(NEXT_YEAR) },
    `/networks/${networkId}/plan?year=${NEXT_YEAR}`,
  );
  const rotated = await t.db('gatherings').whereIn('id', [a.id, b.id]).orderBy('starts_at');
  expect(rotated.map((g) => g.host_unit_id)).toEqual([b.host_unit_id, a.host_unit_id]);
});

test('the case is a duty of its own: proposed in turn with its reason, set and locked by hand, swapped, and given the agenda item', async () => {
  const { networkId, leader, units } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const rows = await drafts(networkId);
  // Every gathering has a unit bringing the case, and four gatherings go to four different units.
  expect(rows.every((r) => units.includes(r.case_unit_id))).toBe(true);
  expect(new Set(rows.map((r) => r.case_unit_id)).size).toBe(4);
  const page = await client.get(`/networks/${networkId}/plan?year=${NEXT_YEAR}`);
  expect(page.text).toMatch(/<dd data-case>[^<]+<br><span class="muted">[^<]*har ikke lagt fram kasus før/);

  // Set by hand and locked on one gathering: the rotation keeps it.
  const [a, b] = rows;
  const chosen = units.find((u) => u !== a.case_unit_id) as number;
  const set = await client.post(
    `/gatherings/${a.id}/duties`,
    {
      hostUnitId: a.host_unit_id ? String(a.host_unit_id) : '',
      presenterUnitIds: (await t.db('gathering_presenters').where({ gathering_id: a.id }).pluck('unit_id')).map(String),
      caseUnitId: String(chosen),
      lockCase: 'on',
      version: String(a.version),
    },
    `/gatherings/${a.id}/edit`,
  );
  expect(set.status).toBe(303);
  expect(await t.db('gatherings').where({ id: a.id }).first('case_unit_id', 'case_locked')).toEqual({
    case_unit_id: chosen,
    case_locked: true,
  });
  const audit = await t.db('audit_log').where({ action: 'setDuties', entity_id: a.id }).first();
  expect(audit?.changes).toMatchObject({ caseUnitId: { after: chosen } });
  await client.post(
    `/networks/${networkId}/plan/rotate`,
    { year: String(NEXT_YEAR) },
    `/networks/${networkId}/plan?year=${NEXT_YEAR}`,
  );
  expect((await t.db('gatherings').where({ id: a.id }).first('case_unit_id'))?.case_unit_id).toBe(chosen);

  // A unit outside the network is refused at the field, and nothing changes.
  const outsider = await makeUnit(t.db, { region_id: regionId });
  const fresh = await t.db('gatherings').where({ id: b.id }).first();
  const refused = await client.post(
    `/gatherings/${b.id}/duties`,
    { caseUnitId: String(outsider), version: String(fresh?.version) },
    `/gatherings/${b.id}/edit`,
  );
  expect(refused.status).toBe(422);
  expect(fieldError(refused.text, 'caseUnitId')).toBe('Velg blant nettverkets medlemsenheter.');

  // Swapped between two gatherings like the other duties.
  const before = await t.db('gatherings').whereIn('id', [a.id, b.id]).orderBy('starts_at').pluck('case_unit_id');
  const swapped = await client.post(
    `/networks/${networkId}/plan/swap`,
    { first: String(a.id), second: String(b.id), duty: 'case', year: String(NEXT_YEAR) },
    `/networks/${networkId}/plan?year=${NEXT_YEAR}`,
  );
  expect(swapped.status).toBe(303);
  expect(await t.db('gatherings').whereIn('id', [a.id, b.id]).orderBy('starts_at').pluck('case_unit_id')).toEqual(
    [...before].reverse(),
  );

  // The duty balance counts cases, and the agenda template gives the case item to the case unit.
  expect((await client.get(`/networks/${networkId}/duties`)).text).toContain('data-cased>');
  await client.post(`/networks/${networkId}/plan/accept`, { year: String(NEXT_YEAR) });
  const g = await t.db('gatherings').where({ id: b.id }).first();
  const filled = await client.post(`/gatherings/${b.id}/agenda/template`, {}, `/gatherings/${b.id}/agenda`);
  expect(filled.status).toBe(303);
  const caseItem = await t.db('agenda_items').where({ gathering_id: b.id, kind: 'casePresentation' }).first();
  expect(caseItem?.responsible_unit_id).toBe(g?.case_unit_id);
});

test('re-planning replaces future drafts but never changes past gatherings', async () => {
  const { networkId, leader, units } = await networkWithUnits();
  // Midnight today in Oslo: begun whatever the time, and in this year whatever the day.
  const past = DateTime.now().setZone('Europe/Oslo').startOf('day');
  const year = past.year;
  const [old] = await t
    .db('gatherings')
    .insert({
      starts_at: past.toJSDate(),
      ends_at: past.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      host_unit_id: units[0],
      venue: 'Gammel',
    })
    .returning('*');
  await t.db('gathering_networks').insert({ gathering_id: old!.id, network_id: networkId });
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(year) });
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(year) });
  const kept = await t.db('gatherings').where({ id: old!.id }).first();
  expect(kept).toMatchObject({ venue: 'Gammel', host_unit_id: units[0], status: 'planned' });
  const edit = await client.post(
    `/gatherings/${old!.id}`,
    {
      date: past.plus({ days: 7 }).toFormat('yyyy-MM-dd'),
      startTime: '12:00',
      endTime: '15:00',
      format: 'physical',
      kind: 'regular',
      venue: 'Ny',
      meetingUrl: '',
      topic: '',
      version: String(old!.version),
    },
    `/gatherings/${old!.id}/edit`,
  );
  expect(edit.status).toBe(422);
  expect((await t.db('gatherings').where({ id: old!.id }).first())!.venue).toBe('Gammel');
});

test('a participant sees the plan but cannot change it', async () => {
  const { networkId, member, leader } = await networkWithUnits();
  await (await t.client().signIn(leader)).post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const client = await t.client().signIn(member);
  expect((await client.get(`/networks/${networkId}/plan?year=${NEXT_YEAR}`)).status).toBe(200);
  expect((await client.post(`/networks/${networkId}/plan/accept`, { year: String(NEXT_YEAR) })).status).toBe(403);
  const [g] = await drafts(networkId);
  expect((await client.get(`/gatherings/${g.id}/edit`)).status).toBe(403);
});

test("unit managers' contact details on the plan are for those who run the network, not for participants", async () => {
  const { networkId, member, leader, units } = await networkWithUnits();
  await t
    .db('units')
    .whereIn('id', units)
    .update({ manager_name: 'Mona Leder', manager_email: 'mona.leder@kommune.example' });
  await (await t.client().signIn(leader)).post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const plan = `/networks/${networkId}/plan?year=${NEXT_YEAR}`;
  const asLeader = (await (await t.client().signIn(leader)).get(plan)).text;
  expect(asLeader).toContain('mona.leder@kommune.example');
  const asMember = (await (await t.client().signIn(member)).get(plan)).text;
  expect(asMember).not.toContain('mona.leder@kommune.example');
  expect(asMember).not.toContain('Mona Leder');
});

test('the duty balance table counts hosting, presenting and cases per unit', async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  await client.post(`/networks/${networkId}/plan/accept`, { year: String(NEXT_YEAR) });
  const page = await client.get(`/networks/${networkId}/duties`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('DPS poliklinikk');
  // Per year: the accepted year's column, with hosting / presenting / cases for each unit summing to the year's duties.
  expect(page.text).toContain(`>${NEXT_YEAR}<br>`);
  const cells = [...page.text.matchAll(/<td class="numeric">(\d+) \/ (\d+) \/ (\d+)<\/td>/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
    Number(m[3]),
  ]);
  const hosted = cells.reduce((sum, [h]) => sum + (h as number), 0);
  const presented = cells.reduce((sum, [, p]) => sum + (p as number), 0);
  const cased = cells.reduce((sum, [, , c]) => sum + (c as number), 0);
  const physical = (await drafts(networkId)).filter((r) => r.format !== 'digital').length;
  expect(hosted).toBe(physical);
  expect(presented).toBe(4);
  expect(cased).toBe(4);
});

test('planning settings are validated', async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  const network = await t.db('networks').where({ id: networkId }).first();
  const res = await client.post(
    `/networks/${networkId}/settings`,
    {
      gatheringsPerYear: '40',
      startTime: '25:00',
      endTime: '12:00',
      otherFormat: 'digital',
      presentersPerGathering: '1',
      evaluationDays: '0',
      preparationReminderDays: '0',
      participantReminderDays: '15',
      blockedPeriods: '2027-02-30 2027-02-20',
      version: String(network!.version),
    },
    `/networks/${networkId}/settings`,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'gatheringsPerYear')).toBe('Skriv et tall fra 1 til 12.');
  expect(fieldError(res.text, 'startTime')).toMatch(/klokkeslett/);
  expect(res.text).toContain('Velg minst én ukedag.');
  expect(fieldError(res.text, 'blockedPeriods')).toMatch(/én periode per linje/);
  expect(fieldError(res.text, 'evaluationDays')).toBe('Skriv et antall dager fra 1 til 90.');
  expect(fieldError(res.text, 'preparationReminderDays')).toBe('Skriv et antall dager fra 1 til 90.');
  expect(fieldError(res.text, 'participantReminderDays')).toBe('Skriv et antall dager fra 1 til 14.');
  const ok = await client.post(
    `/networks/${networkId}/settings`,
    {
      gatheringsPerYear: '4',
      preferredWeekdays: ['2', '4'],
      startTime: '09:00',
      endTime: '12:00',
      otherFormat: 'hybrid',
      presentersPerGathering: '2',
      minExchangePercent: '35',
      agendaDueDays: '21',
      evaluationDays: '10',
      preparationReminderDays: '21',
      participantReminderDays: '3',
      blockedPeriods: `${NEXT_YEAR}-02-22 ${NEXT_YEAR}-02-26`,
      version: String(network!.version),
    },
    `/networks/${networkId}/settings`,
  );
  expect(ok.status).toBe(303);
  expect((await t.db('networks').where({ id: networkId }).first())!.evaluation_days).toBe(10);
  const saved = await t.db('networks').where({ id: networkId }).first();
  expect(saved).toMatchObject({
    preferred_weekdays: [2, 4],
    start_time: '09:00',
    other_format: 'hybrid',
    presenters_per_gathering: 2,
    min_exchange_percent: 35,
    agenda_due_days: 21,
    preparation_reminder_days: 21,
    participant_reminder_days: 3,
  });
  expect(saved!.blocked_periods).toEqual([{ from: `${NEXT_YEAR}-02-22`, to: `${NEXT_YEAR}-02-26` }]);
});

describe("the region's year for KORUS", () => {
  test('a joint fagdag is created for several networks and counts in each of their years', async () => {
    const admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
    const a = await networkWithUnits();
    const b = await networkWithUnits();
    // Hosted by a unit of network b: network a's cards still name it.
    const host = await makeUnit(t.db, {
      region_id: regionId,
      organisation: 'Haukeland',
      name: 'Auditoriet',
      can_host: true,
    });
    await t.db('network_units').insert({ network_id: b.networkId, unit_id: host });
    const form = {
      year: String(NEXT_YEAR),
      date: `${NEXT_YEAR}-09-16`,
      startTime: '09:00',
      endTime: '15:30',
      topic: 'Innholdet i ROP-forløpet',
      venue: 'Scandic Ørnen, Bergen',
      hostUnitId: String(host),
      networkIds: [String(a.networkId), String(b.networkId)],
    };
    const created = await admin.post(`/regions/${regionId}/fagdag`, form, `/regions/${regionId}/plan`);
    expect(created.status).toBe(303);
    const fagdag = await t.db('gatherings').where({ kind: 'fagdag', topic: 'Innholdet i ROP-forløpet' }).first();
    expect(await t.db('gathering_networks').where({ gathering_id: fagdag!.id }).pluck('network_id')).toEqual(
      expect.arrayContaining([a.networkId, b.networkId]),
    );
    const leader = await t.client().signIn(a.leader);
    const aPlan = (await leader.get(`/networks/${a.networkId}/plan?year=${NEXT_YEAR}`)).text;
    expect(aPlan).toContain('Felles fagdag');
    const card = aPlan.slice(aPlan.indexOf(`id="gathering-${fagdag!.id}"`));
    expect(card.slice(0, card.indexOf('</li>'))).toContain('Haukeland – Auditoriet');
    expect(aPlan).not.toMatch(/: har ikke hatt|Vertskap<\/dt>\s*<dd><span class="muted">Ikke valgt/);
    const region = await admin.get(`/regions/${regionId}/plan?year=${NEXT_YEAR}`);
    expect(region.text).toContain('Felles fagdag');

    // The fagdag is KORUS's: a network's leader sees it read-only and cannot change or cancel it for all.
    const plan = (await leader.get(`/networks/${a.networkId}/plan?year=${NEXT_YEAR}`)).text;
    expect(plan).not.toContain(`/gatherings/${fagdag!.id}/edit`);
    expect(plan).not.toContain(`/gatherings/${fagdag!.id}/remove`);
    for (const path of [
      `/gatherings/${fagdag!.id}/edit`,
      `/gatherings/${fagdag!.id}/agenda`,
      `/gatherings/${fagdag!.id}/attendance`,
    ]) {
      expect({ path, status: (await leader.get(path)).status }).toEqual({ path, status: 403 });
    }
    const plansPage = `/networks/${a.networkId}/plan?year=${NEXT_YEAR}`;
    expect((await leader.post(`/gatherings/${fagdag!.id}/remove`, {}, plansPage)).status).toBe(403);
    expect(
      (
        await leader.post(
          `/gatherings/${fagdag!.id}/duties`,
          { hostUnitId: '', version: String(fagdag!.version) },
          plansPage,
        )
      ).status,
    ).toBe(403);
    expect((await leader.get(`/gatherings/${fagdag!.id}/agenda/print`)).status).toBe(200);
    expect(await t.db('gatherings').where({ id: fagdag!.id }).first()).toEqual(fagdag);
    expect((await admin.get(`/gatherings/${fagdag!.id}/edit`)).status).toBe(200);
  });

  test('a fagdag for one network, or for a network of another region, is refused at the field', async () => {
    const admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
    const a = await networkWithUnits();
    const foreign = await makeNetwork(t.db);
    const form = {
      year: String(NEXT_YEAR),
      date: `${NEXT_YEAR}-09-16`,
      startTime: '09:00',
      endTime: '15:30',
      topic: 'Tema',
      venue: 'Sted',
      hostUnitId: '',
    };
    const one = await admin.post(
      `/regions/${regionId}/fagdag`,
      { ...form, networkIds: String(a.networkId) },
      `/regions/${regionId}/plan`,
    );
    expect(one.status).toBe(422);
    expect(one.text).toContain('Velg minst to nettverk.');
    const other = await admin.post(
      `/regions/${regionId}/fagdag`,
      { ...form, networkIds: [String(a.networkId), String(foreign)] },
      `/regions/${regionId}/plan`,
    );
    expect(other.status).toBe(422);
    const leader = await t.client().signIn(a.leader);
    expect((await leader.get(`/regions/${regionId}/plan`)).status).toBe(403);
  });

  test('two networks of one sector on the same day are shown as a clash', async () => {
    const a = await networkWithUnits();
    const second = await makeNetwork(t.db, { sector_id: a.sectorId });
    const start = DateTime.fromObject({ year: NEXT_YEAR, month: 10, day: 14, hour: 12 }, { zone: 'Europe/Oslo' });
    for (const networkId of [a.networkId, second]) {
      const [g] = await t
        .db('gatherings')
        .insert({
          starts_at: start.toJSDate(),
          ends_at: start.plus({ hours: 3 }).toJSDate(),
          format: 'digital',
          status: 'planned',
        })
        .returning('id');
      await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
    }
    const admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
    const page = await admin.get(`/regions/${regionId}/plan?year=${NEXT_YEAR}`);
    expect(page.text).toMatch(/samlinger kolliderer/);
    expect(page.text).toContain('· kollisjon');
    const leader = await t.client().signIn(a.leader);
    expect((await leader.get(`/networks/${a.networkId}/plan?year=${NEXT_YEAR}`)).text).toContain(
      'et annet nettverk i samme DPS-sektor har samling denne dagen',
    );
  });
});

test('a learning network is planned only within its two-year period', async () => {
  const { networkId, leader } = await networkWithUnits();
  await t
    .db('networks')
    .where({ id: networkId })
    .update({ kind: 'learning', starts_on: `${NEXT_YEAR - 2}-09-01`, ends_on: `${NEXT_YEAR}-06-30` });
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const rows = await drafts(networkId);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.local.slice(0, 10) <= `${NEXT_YEAR}-06-30`)).toBe(true);
});

test('the privacy guard reads the meeting link (plain or percent-encoded) and identity numbers written in any form', async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const [g] = await drafts(networkId);
  const start = DateTime.fromJSDate(g.starts_at, { zone: 'Europe/Oslo' });
  const form = {
    date: start.toFormat('yyyy-MM-dd'),
    startTime: start.toFormat('HH:mm'),
    endTime: start.plus({ hours: 3 }).toFormat('HH:mm'),
    format: 'hybrid',
    kind: 'regular',
    venue: 'Møterom 2',
    meetingUrl: 'https://meet.example/j/123',
    topic: '',
    version: String(g.version),
  };
  const attempts: [string, string][] = [
    ['meetingUrl', 'https://meet.example/j/010100-12356'],
    ['meetingUrl', 'https://meet.example/j?p=%30%31%30%31%30%30%31%32%33%35%36'],
    ['venue', 'Rom \u0660\u0661\u0660\u0661\u0660\u0660 \u0661\u0662\u0663\u0665\u0666'],
    ['topic', 'Kasus 01.01.00\u200b12356'],
    ['venue', 'Rom ０１０１００１２３５６'],
  ];
  for (const [field, value] of attempts) {
    const res = await client.post(`/gatherings/${g.id}`, { ...form, [field]: value }, `/gatherings/${g.id}/edit`);
    expect({ field, value, status: res.status }).toEqual({ field, value, status: 422 });
    expect(fieldError(res.text, field)).toMatch(/fødselsnummer eller D-nummer/);
  }
  const after = await t.db('gatherings').where({ id: g.id }).first();
  expect(after).toMatchObject({ venue: g.venue, meeting_url: g.meeting_url, version: g.version });
  // A link with ordinary numbers is saved.
  const saved = await client.post(`/gatherings/${g.id}`, form, `/gatherings/${g.id}/edit`);
  expect(saved.status).toBe(303);
});

test("the plan's rule check lists every warning it counts, each gathering's with its date", async () => {
  const { networkId, leader } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  // Drafts have no venue or meeting link yet: each gathering has a warning of its own.
  const page = (await client.get(`/networks/${networkId}/plan?year=${NEXT_YEAR}`)).text;
  const count = Number(/(\d+) ting bør sees på:/.exec(page)?.[1]);
  expect(count).toBeGreaterThan(0);
  const section = /<section aria-labelledby="warnings-heading"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
  const items = [...section.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
  expect(items).toHaveLength(count);
  expect(items.every((item) => /^\d{4}-\d{2}-\d{2}: |^\p{Lu}/u.test(item ?? ''))).toBe(true);
});

test("choosing a host fills in an empty venue with the host's address (and never overwrites one)", async () => {
  const { networkId, leader, units } = await networkWithUnits();
  const client = await t.client().signIn(leader);
  await client.post(`/networks/${networkId}/plan/propose`, { year: String(NEXT_YEAR) });
  const [a, b] = (await drafts(networkId)).filter((r) => r.format !== 'digital');
  await t.db('gatherings').where({ id: a.id }).update({ venue: '' });
  await t.db('gatherings').where({ id: b.id }).update({ venue: 'Eget møterom' });
  for (const g of [a, b]) {
    const fresh = await t.db('gatherings').where({ id: g.id }).first();
    const res = await client.post(
      `/gatherings/${g.id}/duties`,
      { hostUnitId: String(units[0]), presenterUnitIds: String(units[1]), version: String(fresh!.version) },
      `/gatherings/${g.id}/edit`,
    );
    expect(res.status).toBe(303);
  }
  expect((await t.db('gatherings').where({ id: a.id }).first())!.venue).toBe('Testveien 1, 5000 Bergen');
  expect((await t.db('gatherings').where({ id: b.id }).first())!.venue).toBe('Eget møterom');
});
