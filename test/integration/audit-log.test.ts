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

// The audit log as KORUS admins read it: each entry one sentence in their language, with names
// as they are now (never an erased person's), linked to what it changed, filterable by gathering.

let t: TestApp;
let regionId: number;
let networkId: number;
const p: Record<string, number> = {};
let gathering: number;
let otherGathering: number;
let admin: TestClient;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;

/** The page's text as a reader sees it: tags removed, spaces collapsed. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ');

async function makeGathering(day: string, topic: string): Promise<number> {
  const startsAt = DateTime.fromISO(`${day}T12:00`, { zone: 'Europe/Oslo' });
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: startsAt.toJSDate(),
      ends_at: startsAt.plus({ hours: 3 }).toJSDate(),
      format: 'physical',
      status: 'planned',
      venue: 'Møterom 1',
      topic,
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  return g!.id as number;
}

beforeAll(async () => {
  t = await startTestApp();
  regionId = await makeRegion(t.db, { name: 'Region Vest' });
  networkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: regionId }),
    name: 'ROP-nettverk Bjørgvin DPS',
  });
  const unit = await makeUnit(t.db, { region_id: regionId, name: 'Rusteam Sentrum' });
  for (const [key, name, role] of [
    ['leader', 'Liv Leder', 'leader'],
    ['anna', 'Anna Berg', 'participant'],
    ['per', 'Per Pedersen', 'participant'],
    ['siri', 'Siri Sund', 'participant'],
  ] as const) {
    p[key] = await makeParticipant(t.db, { unit_id: unit, name });
    await makeMembership(t.db, { network_id: networkId, participant_id: p[key] as number, role });
  }
  p.nina = await makeParticipant(t.db, { unit_id: unit, name: 'Nina Ny' });
  gathering = await makeGathering(`${YEAR}-03-12`, 'Samtykke');
  otherGathering = await makeGathering(`${YEAR}-09-17`, 'Ettervern');
  await t.db('invitations').insert({ gathering_id: gathering, participant_id: p.anna, sent_version: 1 });

  // The leader changes the gathering's topic and names a stand-in for Anna, through the app.
  const leader = await t.client().signIn(p.leader as number);
  const edit = `/gatherings/${gathering}/edit`;
  const changed = await leader.post(
    `/gatherings/${gathering}`,
    {
      date: `${YEAR}-03-12`,
      startTime: '12:00',
      endTime: '15:00',
      format: 'physical',
      kind: 'regular',
      venue: 'Møterom 1',
      meetingUrl: '',
      topic: 'Rus og psykisk helse',
      version: '1',
    },
    edit,
  );
  expect(changed.status).toBe(303);
  const named = await leader.post(
    `/gatherings/${gathering}/stand-in`,
    { forParticipantId: String(p.anna), participantId: String(p.nina), name: '', email: '' },
    `/gatherings/${gathering}/stand-in?for=${p.anna}`,
  );
  expect(named.status).toBe(303);
  await t.db('audit_log').insert({
    actor_id: p.leader,
    actor_name: 'Liv Leder',
    action: 'setTopic',
    entity_type: 'gatherings',
    entity_id: otherGathering,
    region_id: regionId,
    changes: JSON.stringify({ topic: { before: '', after: 'Ettervern' } }),
  });
  admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
});
afterAll(() => t.close());

const gatheringName = `samlingen 12. mars ${YEAR} i ROP-nettverk Bjørgvin DPS`;

test('each entry reads as a sentence with names, links to what it changed, and lists the fields in words', async () => {
  const page = await admin.get('/audit');
  expect(page.status).toBe(200);
  const text = textOf(page.text);
  expect(text).toContain(`Liv Leder endret ${gatheringName}`);
  expect(text).toContain('Tema: Samtykke → Rus og psykisk helse');
  expect(text).toContain(`Liv Leder meldte Nina Ny som stedfortreder for Anna Berg (${gatheringName})`);
  expect(text).toContain('Stedfortreder: – → Nina Ny');
  expect(page.text).toContain(`<a class="ds-link" href="/gatherings/${gathering}">${gatheringName}</a>`);
  expect(text).not.toMatch(/\[object Object\]|undefined|audit\.|#\d/);
});

test('in nynorsk the same entries read in nynorsk', async () => {
  const reader = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  await reader.post('/language', { lang: 'nn', returnTo: '/audit' }, '/audit');
  const text = textOf((await reader.get('/audit')).text);
  expect(text).toContain(`Liv Leder endra samlinga 12. mars ${YEAR} i ROP-nettverk Bjørgvin DPS`);
  expect(text).toContain('Liv Leder melde Nina Ny som stadfortredar for Anna Berg');
  expect(text).toContain('Stadfortredar: – → Nina Ny');
});

test('?gathering= shows only that gathering, says so, and the gathering page links to it for KORUS', async () => {
  const text = textOf((await admin.get(`/audit?gathering=${gathering}`)).text);
  expect(text).toContain(`Viser bare endringer for ${gatheringName}`);
  expect(text).toContain('Liv Leder meldte Nina Ny');
  expect(text).not.toContain('Ettervern');
  expect(textOf((await admin.get(`/audit?gathering=${otherGathering}`)).text)).toContain('Ettervern');
  expect((await admin.get(`/gatherings/${gathering}/edit`)).text).toContain(`href="/audit?gathering=${gathering}"`);
  const leader = await t.client().signIn(p.leader as number);
  expect((await leader.get(`/gatherings/${gathering}/edit`)).text).not.toContain('/audit?gathering=');
  // Another region's admin sees none of it, filtered or not.
  const outsider = await t.client().signIn(await makeKorusAdmin(t.db, await makeRegion(t.db)));
  expect(textOf((await outsider.get(`/audit?gathering=${gathering}`)).text)).not.toContain('Nina Ny');
});

test('a bad gathering filter is ignored, not an error', async () => {
  for (const bad of ['abc', '-1', '0', '99999999999', '1.5', '%00']) {
    const res = await admin.get(`/audit?gathering=${bad}`);
    expect({ bad, status: res.status }).toEqual({ bad, status: 200 });
    expect(res.text).not.toContain('id="gathering-filter"');
    expect(textOf(res.text)).toContain('Ettervern');
  }
});

test('names are read when the log is read: an erased person is "Sletta person", never their old name', async () => {
  expect((await admin.post(`/participants/${p.nina}/erase`, {})).status).toBe(303);
  const page = await admin.get('/audit');
  const text = textOf(page.text);
  expect(text).toContain('Liv Leder meldte Sletta person som stedfortreder for Anna Berg');
  expect(text).not.toContain('Nina');
  const nynorsk = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  await nynorsk.post('/language', { lang: 'nn', returnTo: '/audit' }, '/audit');
  const nn = textOf((await nynorsk.get('/audit')).text);
  expect(nn).toContain('Liv Leder melde Sletta person som stadfortredar for Anna Berg');
  expect(nn).toContain('sletta personopplysningane til deltakaren Sletta person');
  expect(nn).not.toContain('Nina');
});

test('the names on a page are read in a fixed number of queries, however many entries and people it shows', async () => {
  const unit = await makeUnit(t.db, { region_id: regionId });
  const insertEntries = async (batch: string, count: number) => {
    const rows = [];
    for (let i = 0; i < count; i++) {
      const person = await makeParticipant(t.db, { unit_id: unit });
      const g = await makeGathering(`${YEAR}-05-${String(1 + (i % 28)).padStart(2, '0')}`, `Tema ${i}`);
      rows.push(
        {
          action: 'addMember',
          entity_type: 'networks',
          entity_id: networkId,
          changes: { participantId: { before: null, after: person } },
        },
        {
          action: 'setDuties',
          entity_type: 'gatherings',
          entity_id: g,
          changes: { hostUnitId: { before: null, after: unit } },
        },
      );
    }
    await t.db('audit_log').insert(
      rows.map((row) => ({
        ...row,
        actor_name: `${batch} ${Math.random()}`,
        region_id: regionId,
        changes: JSON.stringify(row.changes),
      })),
    );
  };
  const queriesFor = async (path: string) => {
    const client = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
    let queries = 0;
    const count = () => (queries += 1);
    t.db.on('query', count);
    const res = await client.get(path);
    t.db.off('query', count);
    expect(res.status).toBe(200);
    return queries;
  };
  await insertEntries('Liten', 1);
  await insertEntries('Stor', 15);
  const small = await queriesFor('/audit?actor=Liten');
  const large = await queriesFor('/audit?actor=Stor');
  expect(large).toBe(small);
  expect(large).toBeLessThanOrEqual(12);
});

test('a role change, an ended membership and a removed agenda item keep what they concern, and read so', async () => {
  const membership = async (person: number) =>
    (await t.db('memberships').where({ network_id: networkId, participant_id: person }).whereNull('ends_on').first())!
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
  expect((await admin.post(`${agenda}/items/${item!.id}/delete`, {}, agenda)).status).toBe(303);
  const changes = async (action: string) =>
    (await t.db('audit_log').where({ action }).orderBy('id', 'desc').first())!.changes;
  expect(await changes('changeRole')).toEqual({
    participantId: { before: p.per, after: p.per },
    role: { before: 'participant', after: 'workingGroup' },
  });
  expect(await changes('endMember')).toEqual({
    participantId: { before: p.siri, after: p.siri },
    role: { before: 'participant', after: null },
  });
  expect(await changes('removeAgendaItem')).toEqual({ title: { before: 'Velkommen', after: null } });

  const text = textOf((await admin.get('/audit')).text);
  expect(text).toContain('endret rollen til Per Pedersen i nettverket ROP-nettverk Bjørgvin DPS');
  expect(text).toContain('Rolle: Fast deltaker → Arbeidsgruppe');
  expect(text).toContain('avsluttet medlemskapet til Siri Sund i nettverket ROP-nettverk Bjørgvin DPS');
  expect(text).toContain(`fjernet et punkt fra agendaen for ${gatheringName}`);
  expect(text).toContain('Tittel: Velkommen → –');
});
