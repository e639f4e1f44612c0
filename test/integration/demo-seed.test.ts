import { searchCatalogue, staleProfiles } from '../../src/catalogue/queries';
import { DEMO_KORUS_ADMIN_EMAIL, DEMO_LEADER_EMAIL, DEMO_PARTICIPANT_EMAIL } from '../../src/demo/demoData';
import { hasAnyRegion, seedDemo, type DemoSummary } from '../../src/demo/seedDemo';
import { networkFigures } from '../../src/overview/queries';
import { yearRange } from '../../src/kernel/dates';
import type { Knex } from 'knex';
import type { Db } from '../../src/db/knex';
import { createTestDatabase } from '../support/db';
import { makeNetwork, makeRegion, makeSector } from '../support/factories';

let db: Db;
let drop: () => Promise<void>;
let summary: DemoSummary;
const TODAY = '2026-11-24';
const YEAR = 2026;

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  expect(await hasAnyRegion(db)).toBe(false);
  summary = await seedDemo(db, { today: TODAY });
});
afterAll(() => drop());

const count = async (query: Knex.QueryBuilder) => Number((await query.count({ n: '*' }).first())?.n);

/** Everything the demo set holds, without ids: two builds must give the same. */
async function demoFingerprint() {
  const demoUnits = () => db('units as u').join('regions as r', 'r.id', 'u.region_id').where('r.is_demo', true);
  const demoNetworks = () =>
    db('networks')
      .select('id')
      .whereIn(
        'sector_id',
        db('sectors as s').join('regions as r', 'r.id', 's.region_id').where('r.is_demo', true).select('s.id'),
      );
  return {
    regions: await db('regions').where({ is_demo: true }).orderBy('name').pluck('name'),
    sectors: await db('sectors as s')
      .join('regions as r', 'r.id', 's.region_id')
      .where('r.is_demo', true)
      .orderBy('s.name')
      .select('s.name', 's.health_trust', 's.municipalities'),
    units: await demoUnits()
      .orderBy(['u.organisation', 'u.name'])
      .select(
        'u.organisation',
        'u.name',
        'u.service_type',
        'u.address',
        'u.can_host',
        'u.manager_name',
        'u.manager_email',
      ),
    participants: await demoUnits()
      .join('participants as p', 'p.unit_id', 'u.id')
      .orderBy('p.email')
      .select(
        'p.name',
        'p.email',
        'p.phone',
        'p.profession',
        'p.language',
        'p.is_user_representative',
        'p.is_relatives_representative',
        'u.name as unit',
      ),
    memberships: await db('memberships as m')
      .join('networks as n', 'n.id', 'm.network_id')
      .join('participants as p', 'p.id', 'm.participant_id')
      .whereIn('n.id', demoNetworks())
      .orderBy(['n.name', 'p.email', 'm.starts_on'])
      .select('n.name', 'p.email', 'm.role', 'm.starts_on', 'm.ends_on'),
    gatherings: await db('gatherings as g')
      .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
      .join('networks as n', 'n.id', 'gn.network_id')
      .leftJoin('units as h', 'h.id', 'g.host_unit_id')
      .whereIn('n.id', demoNetworks())
      .groupBy('g.id', 'h.name')
      .orderBy(['g.starts_at', 'networks'])
      .select(
        'g.starts_at',
        'g.ends_at',
        'g.kind',
        'g.format',
        'g.status',
        'g.topic',
        'g.venue',
        'g.meeting_url',
        'h.name as host',
        db.raw("string_agg(n.name, ', ' order by n.name) as networks"),
      ),
    // What the past gatherings left behind, per gathering.
    story: await db('gatherings as g')
      .whereIn('g.id', db('gathering_networks').whereIn('network_id', demoNetworks()).select('gathering_id'))
      .orderBy(['g.starts_at', 'g.id'])
      .select(
        'g.starts_at',
        'g.topic',
        db.raw('(select count(*)::int from agenda_versions v where v.gathering_id = g.id) as agendas'),
        db.raw(
          "(select string_agg(p.email || coalesce(i.answer, '-') || coalesce(f.email, ''), ',' order by p.email) from invitations i join participants p on p.id = i.participant_id left join participants f on f.id = i.stands_in_for where i.gathering_id = g.id) as invited",
        ),
        db.raw('(select count(*)::int from attendances a where a.gathering_id = g.id) as present'),
        db.raw(
          "(select string_agg(ag.name, ',' order by ag.name) from attendance_guests ag where ag.gathering_id = g.id) as guests",
        ),
        db.raw(
          "(select string_agg(e.usefulness::text, '' order by e.usefulness) from evaluations e where e.gathering_id = g.id) as scores",
        ),
      ),
  };
}

test('the demo set is a realistic Bergen area of the expected size', async () => {
  expect(summary.regions).toBe(2);
  expect(summary.sectors).toBeGreaterThanOrEqual(6);
  expect(summary.networks).toBeGreaterThanOrEqual(7);
  expect(summary.networks).toBeLessThanOrEqual(9);
  expect(summary.units).toBeGreaterThanOrEqual(35);
  expect(summary.units).toBeLessThanOrEqual(45);
  expect(summary.participants).toBeGreaterThanOrEqual(180);
  expect(summary.participants).toBeLessThanOrEqual(220);
  expect(await hasAnyRegion(db)).toBe(true);

  expect(
    await db('regions').where({ is_demo: true, korus_centre: 'KORUS Vest Bergen' }).orderBy('name').pluck('name'),
  ).toEqual(['Vestland nord', 'Vestland sør']);
  expect(await count(db('sectors'))).toBe(summary.sectors);
  expect(await db('sectors').where({ name: 'Betanien DPS' }).first('health_trust')).toEqual({
    health_trust: 'Haraldsplass Diakonale sykehus',
  });
  expect(await count(db('networks'))).toBe(summary.networks);
  expect(await count(db('networks').where({ kind: 'learning' }))).toBe(1);
  expect(await db('networks').where({ kind: 'learning' }).first('starts_on', 'ends_on')).toEqual({
    starts_on: '2025-09-01',
    ends_on: '2027-06-30',
  });
  expect(new Set(await db('units').pluck('service_type'))).toEqual(
    new Set(['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other']),
  );
  expect(await count(db('units').where({ can_host: false }))).toBeGreaterThan(0);
  expect(
    await count(db('units').where({ manager_name: '' }).orWhere({ manager_email: '' }).orWhere({ address: '' })),
  ).toBe(0);
});

test('people have varied professions, work emails on .example domains and mostly bokmål', async () => {
  const professions = new Set(await db('participants').pluck('profession'));
  for (const profession of [
    'nurse',
    'psychologist',
    'physician',
    'psychiatrist',
    'socialWorker',
    'welfareNurse',
    'experienceConsultant',
    'navAdviser',
  ])
    expect(professions).toContain(profession);
  const navAdvisersOutsideNav = await db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .where('p.profession', 'navAdviser')
    .whereNot('u.service_type', 'welfare')
    .first('p.id');
  expect(navAdvisersOutsideNav).toBeUndefined();
  // Representatives come from user and relatives organisations.
  for (const flag of ['is_user_representative', 'is_relatives_representative']) {
    expect(await count(db('participants').where(flag, true))).toBeGreaterThan(0);
    expect(
      await db('participants as p')
        .join('units as u', 'u.id', 'p.unit_id')
        .where(`p.${flag}`, true)
        .whereNot('u.service_type', 'userOrganisation')
        .first('p.id'),
    ).toBeUndefined();
  }
  const emails = await db('participants').pluck('email');
  expect(emails.every((email: string) => email === email.toLowerCase() && email.endsWith('.example'))).toBe(true);
  expect(await db('units').whereNot('manager_email', 'like', '%.example').first('id')).toBeUndefined();
  const phones = await db('participants').pluck('phone');
  expect(phones.every((phone: string) => /^\+47 9\d\d \d\d \d\d\d$/.test(phone))).toBe(true);
  const nynorsk = (await count(db('participants').where({ language: 'nn' }))) / emails.length;
  expect(nynorsk).toBeGreaterThan(0.15);
  expect(nynorsk).toBeLessThan(0.35);
});

test('the fixed demo accounts: a KORUS admin, the Solli leader and a Solli participant', async () => {
  const admin = await db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .where('p.email', DEMO_KORUS_ADMIN_EMAIL)
    .first('p.id', 'p.name', 'p.profession', 'u.organisation', 'u.service_type');
  expect(admin).toMatchObject({
    name: 'Ingrid Haugland',
    profession: 'manager',
    organisation: 'KORUS Vest Bergen',
    service_type: 'other',
  });
  expect(await count(db('memberships').where({ participant_id: admin.id }))).toBe(0);
  expect(await count(db('korus_admins').where({ participant_id: admin.id }))).toBe(2);

  const solliRole = (email: string) =>
    db('memberships as m')
      .join('networks as n', 'n.id', 'm.network_id')
      .join('participants as p', 'p.id', 'm.participant_id')
      .where({ 'n.name': 'ROP-nettverk Solli DPS', 'p.email': email })
      .whereNull('m.ends_on')
      .pluck('m.role');
  expect(await solliRole(DEMO_LEADER_EMAIL)).toEqual(['leader']);
  expect(await solliRole(DEMO_PARTICIPANT_EMAIL)).toEqual(['participant']);
});

test('every network: 4–7 member units from the main services, one current leader, a working group, 15–30 members', async () => {
  const networks = await db('networks').select('id', 'name');
  for (const network of networks) {
    const units = await db('network_units as nu')
      .join('units as u', 'u.id', 'nu.unit_id')
      .where('nu.network_id', network.id)
      .whereNull('nu.left_on')
      .select('u.id', 'u.service_type', 'nu.joined_on');
    const roles = await db('memberships as m')
      .join('participants as p', 'p.id', 'm.participant_id')
      .where('m.network_id', network.id)
      .whereNull('m.ends_on')
      .select('m.role', 'p.unit_id');
    const ofRole = (role: string) => roles.filter((r) => r.role === role).length;
    expect({
      network: network.name,
      units: units.length >= 4 && units.length <= 7,
      services: ['municipal', 'mentalHealth', 'addiction'].every((type) => units.some((u) => u.service_type === type)),
      joinedInThePast: units.every((u) => u.joined_on < TODAY),
      leaders: ofRole('leader'),
      workingGroup: ofRole('workingGroup') >= 2 && ofRole('workingGroup') <= 4,
      members: roles.length >= 15 && roles.length <= 30,
      fromMemberUnits: roles.every((r) => units.some((u) => u.id === r.unit_id)),
    }).toEqual({
      network: network.name,
      units: true,
      services: true,
      joinedInThePast: true,
      leaders: 1,
      workingGroup: true,
      members: true,
      fromMemberUnits: true,
    });
  }
  // History: some memberships have ended, among them a former leader.
  expect(await count(db('memberships').whereNotNull('ends_on'))).toBeGreaterThanOrEqual(3);
  expect(await count(db('memberships').where({ role: 'leader' }).whereNotNull('ends_on'))).toBeGreaterThan(0);
});

test('gatherings: four a year per local network, at least two physical this year, a joint fagdag per region and year', async () => {
  for (const network of await db('networks').select('id', 'name', 'kind')) {
    const perYear = await db('gathering_networks as gn')
      .join('gatherings as g', 'g.id', 'gn.gathering_id')
      .where('gn.network_id', network.id)
      .groupBy('year')
      .orderBy('year')
      .select(db.raw("extract(year from g.starts_at at time zone 'Europe/Oslo')::int as year"))
      .select(db.raw('count(*)::int as n'))
      .select(db.raw("count(*) filter (where g.format = 'physical' and g.status = 'planned')::int as physical"));
    const thisYear = perYear.find((row) => row.year === YEAR);
    expect({ network: network.name, physical: Number(thisYear?.physical) >= 2 }).toEqual({
      network: network.name,
      physical: true,
    });
    if (network.kind === 'local')
      expect(perYear.map((row) => [row.year, Number(row.n)])).toEqual([
        [YEAR - 1, 4],
        [YEAR, 4],
      ]);
  }

  const fagdager = await db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('g.kind', 'fagdag')
    .groupBy('g.id')
    .select('g.id')
    .count({ n: '*' });
  expect(fagdager).toHaveLength(4);
  expect(fagdager.every((row) => Number(row.n) >= 2)).toBe(true);

  // Regular gatherings on Thursdays 12:00–15:00 Oslo time, never in July.
  const times = (await db('gatherings')
    .where({ kind: 'regular' })
    .select(
      db.raw(
        "to_char(starts_at at time zone 'Europe/Oslo', 'ID HH24:MI') || '–' || to_char(ends_at at time zone 'Europe/Oslo', 'HH24:MI') as local",
      ),
    )) as { local: string }[];
  expect(new Set(times.map((r) => r.local))).toEqual(new Set(['4 12:00–15:00']));
  expect(await count(db('gatherings').whereRaw("extract(month from starts_at at time zone 'Europe/Oslo') = 7"))).toBe(
    0,
  );

  // Venue and host for physical and hybrid, a link for digital and hybrid; the host is a member unit that can host.
  expect(
    await count(
      db('gatherings')
        .whereNot({ format: 'digital' })
        .where((q) => q.where({ venue: '' }).orWhereNull('host_unit_id')),
    ),
  ).toBe(0);
  expect(
    await count(
      db('gatherings').whereNot({ format: 'physical' }).whereNot('meeting_url', 'like', 'https://teams.example/%'),
    ),
  ).toBe(0);
  const strangerHosts = await db('gatherings as g')
    .join('units as u', 'u.id', 'g.host_unit_id')
    .where((q) =>
      q
        .where('u.can_host', false)
        .orWhereNotExists(
          db('gathering_networks as gn')
            .join('network_units as nu', 'nu.network_id', 'gn.network_id')
            .whereRaw('gn.gathering_id = g.id and nu.unit_id = u.id'),
        ),
    )
    .select('g.id');
  expect(strangerHosts).toEqual([]);
});

test("past gatherings tell a year's story: agendas, answers, attendance with stand-ins and guests, evaluations", async () => {
  const now = new Date(`${TODAY}T00:00:00Z`);
  const past = () => db('gatherings').where({ status: 'planned' }).where('ends_at', '<', now);
  expect(await count(past())).toBeGreaterThan(20);
  expect(await count(past().whereNull('attendance_recorded_at'))).toBe(0);
  expect(await count(db('gatherings').where('starts_at', '>', now).whereNotNull('attendance_recorded_at'))).toBe(0);
  expect(
    await count(past().whereNotExists(db('agenda_versions as v').whereRaw('v.gathering_id = gatherings.id'))),
  ).toBe(0);
  expect(await count(past().whereNotExists(db('attendances as a').whereRaw('a.gathering_id = gatherings.id')))).toBe(0);
  expect(await count(db('invitations').whereNotNull('stands_in_for'))).toBeGreaterThan(0);
  expect(await count(db('attendance_guests'))).toBeGreaterThan(0);
  // A guest's profession is free text as a leader types it: words, never a catalogue key.
  expect(await db('attendance_guests').distinct().pluck('profession')).toContain('NAV-veileder');
  expect(await count(db('attendance_guests').whereRaw("profession ~ '^[a-z]+[A-Z]'"))).toBe(0);
  // Three to eight answers per held gathering, never more than were asked.
  const answers = (await past().select(
    'id',
    db.raw('(select count(*)::int from evaluations e where e.gathering_id = gatherings.id) as answers'),
    db.raw('(select count(*)::int from evaluation_requests r where r.gathering_id = gatherings.id and r.used) as used'),
  )) as { id: number; answers: number; used: number }[];
  expect(answers.every((g) => g.answers >= 3 && g.answers <= 8 && g.answers === g.used)).toBe(true);
});

test('the overview for the last full year shows green, yellow and red networks', async () => {
  const networks = await networkFigures(db, {}, yearRange(YEAR - 1), YEAR - 1, new Date(`${TODAY}T12:00:00Z`));
  const statuses = Object.fromEntries(
    networks.map(({ name, figures: f }) => [name, `${f.status} ${f.reasons.join(',')}`.trim()]),
  );
  const ofStatus = (status: string) => Object.values(statuses).filter((s) => s.split(' ')[0] === status).length;
  expect({
    statuses,
    green: ofStatus('green') >= 1,
    yellow: ofStatus('yellow') >= 1,
    red: ofStatus('red') >= 1,
  }).toEqual({ statuses, green: true, yellow: true, red: true });
  expect(statuses['ROP-nettverk Voss DPS']).toContain('lowEvaluation');
  expect(statuses['ROP-nettverk Bergen sentrum']).toContain('red noPlan');
});

test('rebuilding gives the same set, and leaves other data alone', async () => {
  const before = await demoFingerprint();

  // Data of one's own, some of it pointing at demo units.
  const regionId = await makeRegion(db, { name: 'Egen region' });
  const sectorId = await makeSector(db, { region_id: regionId, name: 'Eget DPS' });
  const networkId = await makeNetwork(db, { sector_id: sectorId, name: 'Eget nettverk' });
  const demoUnit = await db('units').where({ name: 'Solli DPS, poliklinikk' }).first('id');
  await db('network_units').insert({ network_id: networkId, unit_id: demoUnit!.id, joined_on: '2026-01-01' });
  const [gathering] = await db('gatherings')
    .insert({
      starts_at: new Date('2026-12-03T11:00:00Z'),
      ends_at: new Date('2026-12-03T14:00:00Z'),
      format: 'physical',
      host_unit_id: demoUnit!.id,
      venue: 'Solli',
    })
    .returning('id');
  await db('gathering_networks').insert({ gathering_id: gathering!.id, network_id: networkId });

  // What using the demo leaves behind: an agenda, a network topic, a sign-in link, mail and audit rows.
  const leader = await db('participants').where({ email: DEMO_LEADER_EMAIL }).first('id');
  const solli = await db('networks').where({ name: 'ROP-nettverk Solli DPS' }).first('id', 'sector_id');
  const solliGathering = await db('gathering_networks').where({ network_id: solli!.id }).first('gathering_id');
  await db('agenda_items').insert({
    gathering_id: solliGathering!.gathering_id,
    position: 100,
    kind: 'welcome',
    title: 'Velkommen',
    duration_minutes: 10,
    responsible_unit_id: demoUnit!.id,
  });
  await db('topics').insert({ title: 'Eget tema', network_id: solli!.id, created_by: leader!.id });
  await db('login_tokens').insert({
    participant_id: leader!.id,
    token_hash: Buffer.from('demo-token'),
    expires_at: new Date('2026-11-25T00:00:00Z'),
  });
  await db('outgoing_emails').insert({
    template: 'invite',
    to_email: DEMO_LEADER_EMAIL,
    participant_id: leader!.id,
    network_id: solli!.id,
    subject: 'Invitasjon',
    message_id: '<demo@samling.example>',
  });
  await db('audit_log').insert({
    actor_id: leader!.id,
    action: 'update',
    entity_type: 'network',
    entity_id: solli!.id,
  });

  const again = await seedDemo(db, { today: TODAY });
  expect(again).toEqual(summary);
  expect(await demoFingerprint()).toEqual(before);
  expect(await count(db('regions').where({ is_demo: true }))).toBe(2);

  expect(await db('sectors').where({ id: sectorId }).first('name')).toEqual({ name: 'Eget DPS' });
  expect(await db('networks').where({ id: networkId }).first('name')).toEqual({ name: 'Eget nettverk' });
  expect(await db('gatherings').where({ id: gathering!.id }).first('host_unit_id', 'venue')).toEqual({
    host_unit_id: null,
    venue: 'Solli',
  });
  expect(await count(db('gathering_networks').where({ gathering_id: gathering!.id }))).toBe(1);
  expect(await count(db('network_units').where({ network_id: networkId }))).toBe(0);
  // The mail log and audit trail outlive the demo rows they named.
  expect(
    await db('outgoing_emails').where({ to_email: DEMO_LEADER_EMAIL }).first('participant_id', 'network_id'),
  ).toEqual({ participant_id: null, network_id: null });
  expect(await count(db('audit_log').where({ entity_type: 'network', action: 'update' }))).toBe(1);
});

test('the demo catalogue: most units have a profile, some are stale, and a Norwegian search finds services', async () => {
  const region = (await db('regions').where({ is_demo: true, name: 'Vestland sør' }).first('id')) as { id: number };
  const all = await searchCatalogue(db, region.id, { q: '', municipality: '' });
  expect(all.filter((u) => u.hasProfile).length).toBeGreaterThan(all.length / 2);
  // Stale as of the demo's own today (the demo is dated; the clock may be any day).
  const stale = await staleProfiles(db, region.id, new Date(`${TODAY}T12:00:00Z`));
  expect(stale.length).toBeGreaterThan(0);
  expect(stale.length).toBeLessThan(all.length);
  const found = await searchCatalogue(db, region.id, { q: 'rusbehandling', municipality: '' });
  expect(found.map((u) => u.serviceType)).toContain('addiction');
  expect(await count(db('participants').where({ shares_contact_details: true }))).toBeGreaterThan(10);
});
