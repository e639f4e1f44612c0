import { startTestApp, type TestApp } from '../support/app';
import { declaredRoutes } from '../support/routes';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';

// Every route, visited as every role (and anonymously): allowed or refused on the server,
// whatever the navigation shows. A refused action is a 403 and writes nothing.

type Role =
  | 'anonymous'
  | 'korusAll'
  | 'korusR1'
  | 'korusR2'
  | 'leaderA'
  | 'groupA'
  | 'memberA'
  | 'leaderB'
  | 'outsider';
const ROLES: Role[] = [
  'anonymous',
  'korusAll',
  'korusR1',
  'korusR2',
  'leaderA',
  'groupA',
  'memberA',
  'leaderB',
  'outsider',
];

let t: TestApp;
const ids: Record<string, number> = {};
const people: Partial<Record<Role, number>> = {};

beforeAll(async () => {
  t = await startTestApp();
  const db = t.db;
  ids.R1 = await makeRegion(db, { name: 'Vestland sør' });
  ids.R2 = await makeRegion(db, { name: 'Vestland nord' });
  ids.S1 = await makeSector(db, { region_id: ids.R1 });
  ids.S2 = await makeSector(db, { region_id: ids.R2 });
  ids.A = await makeNetwork(db, { sector_id: ids.S1, name: 'Nettverk A' });
  ids.B = await makeNetwork(db, { sector_id: ids.S1, name: 'Nettverk B' });
  ids.uA = await makeUnit(db, { region_id: ids.R1 });
  ids.uC = await makeUnit(db, { region_id: ids.R2 });
  await db('network_units').insert({ network_id: ids.A, unit_id: ids.uA });
  people.korusAll = await makeKorusAdmin(db, null);
  people.korusR1 = await makeKorusAdmin(db, ids.R1);
  people.korusR2 = await makeKorusAdmin(db, ids.R2);
  for (const [role, network, membershipRole] of [
    ['leaderA', ids.A, 'leader'],
    ['groupA', ids.A, 'workingGroup'],
    ['memberA', ids.A, 'participant'],
    ['leaderB', ids.B, 'leader'],
  ] as const) {
    people[role] = await makeParticipant(db, { unit_id: ids.uA });
    await makeMembership(db, {
      network_id: network as number,
      participant_id: people[role] as number,
      role: membershipRole,
    });
  }
  people.outsider = await makeParticipant(db, { unit_id: ids.uA });
  const start = new Date(Date.now() + 60 * 24 * 60 * 60 * 1000);
  const [gathering] = await db('gatherings')
    .insert({
      starts_at: start,
      ends_at: new Date(start.getTime() + 3 * 3600 * 1000),
      format: 'physical',
      status: 'planned',
      venue: 'X',
    })
    .returning('id');
  ids.gA = gathering!.id;
  await db('gathering_networks').insert({ gathering_id: ids.gA, network_id: ids.A });
  const [item] = await db('agenda_items')
    .insert({ gathering_id: ids.gA, position: 1, kind: 'welcome', title: 'Velkommen', duration_minutes: 10 })
    .returning('id');
  ids.item = item!.id;
  const [invitation] = await db('invitations')
    .insert({ gathering_id: ids.gA, participant_id: people.memberA, sent_version: 1 })
    .returning('id');
  ids.invA = invitation!.id;
  ids.pZ = await makeParticipant(db, { unit_id: ids.uC });
  ids.pX = people.memberA as number;
  // Records of their own for routes that change what the rest of the matrix relies on.
  ids.pE = await makeParticipant(db, { unit_id: ids.uC });
  ids.mM = await makeMembership(db, {
    network_id: ids.A,
    participant_id: await makeParticipant(db, { unit_id: ids.uA }),
  });
  ids.uX = await makeUnit(db, { region_id: ids.R1 });
  const [networkUnit] = await db('network_units').insert({ network_id: ids.A, unit_id: ids.uX }).returning('id');
  ids.nuX = networkUnit!.id;
  const [second] = await db('agenda_items')
    .insert({ gathering_id: ids.gA, position: 2, kind: 'exchange', title: 'Erfaringsdeling', duration_minutes: 30 })
    .returning('id');
  ids.item2 = second!.id;
  const [action] = await db('minutes_actions')
    .insert({ gathering_id: ids.gA, what: 'Lage rutine', responsible_person: 'Liv' })
    .returning('id');
  ids.action = action!.id;
  const later = new Date(start.getTime() + 14 * 24 * 60 * 60 * 1000);
  const [removable] = await db('gatherings')
    .insert({
      starts_at: later,
      ends_at: new Date(later.getTime() + 3 * 3600 * 1000),
      format: 'physical',
      status: 'planned',
      venue: 'Y',
    })
    .returning('id');
  ids.gR = removable!.id;
  // A joint fagdag of both networks: its registration belongs to the region's KORUS admins.
  const [fagdag] = await db('gatherings')
    .insert({
      starts_at: later,
      ends_at: new Date(later.getTime() + 3 * 3600 * 1000),
      format: 'physical',
      status: 'planned',
      kind: 'fagdag',
      venue: 'Z',
    })
    .returning('id');
  ids.gF = fagdag!.id;
  await db('gathering_networks').insert([
    { gathering_id: ids.gF, network_id: ids.A },
    { gathering_id: ids.gF, network_id: ids.B },
  ]);
  await db('gathering_networks').insert({ gathering_id: ids.gR, network_id: ids.A });
  const [email] = await db('outgoing_emails')
    .insert({
      template: 'login',
      to_email: 'x@kommune.example',
      region_id: ids.R1,
      network_id: ids.A,
      language: 'nb',
      subject: 'x',
      params: '{}',
      status: 'failed',
      message_id: '<authz@samling.test>',
    })
    .returning('id');
  ids.email = email!.id;
  const content = Buffer.from('Program for samlingen');
  const [material] = await db('materials')
    .insert({
      network_id: ids.A,
      gathering_id: ids.gA,
      file_name: 'Program.txt',
      media_type: 'text/plain',
      byte_size: content.length,
      content,
    })
    .returning('id');
  ids.material = material!.id;
});
afterAll(() => t.close());

const korus: Role[] = ['korusAll', 'korusR1', 'korusR2'];
// An import draft that does not exist: the allowed get a 404 after the check, the others a 403.
const NO_DRAFT = '00000000-0000-4000-8000-000000000000';
const r1Admins: Role[] = ['korusAll', 'korusR1'];
const peopleManagersR1: Role[] = [...r1Admins, 'leaderA', 'leaderB'];
// Changing a person is for KORUS, the leaders of the person's networks and the person (accounts/policy.ts).
const changersOfMemberA: Role[] = [...r1Admins, 'leaderA', 'memberA'];
const signedIn: Role[] = ROLES.filter((r) => r !== 'anonymous');

const routes: { method: 'GET' | 'POST'; path: () => string; allowed: Role[] }[] = [
  { method: 'GET', path: () => '/me', allowed: signedIn },
  { method: 'GET', path: () => '/catalogue', allowed: signedIn },
  { method: 'GET', path: () => `/regions/${ids.R1}/catalogue`, allowed: signedIn },
  { method: 'GET', path: () => `/regions/${ids.R2}/catalogue?q=rus`, allowed: signedIn },
  { method: 'GET', path: () => `/catalogue/units/${ids.uA}`, allowed: signedIn },
  // The unit's profile: KORUS for its region and the leader of a network it belongs to (A, not B).
  { method: 'GET', path: () => `/catalogue/units/${ids.uA}/edit`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/catalogue/units/${ids.uA}`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'GET', path: () => `/catalogue/units/${ids.uC}/edit`, allowed: ['korusAll', 'korusR2'] },
  { method: 'GET', path: () => `/networks/${ids.A}/whos-who`, allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'] },
  { method: 'GET', path: () => `/networks/${ids.B}/whos-who`, allowed: [...r1Admins, 'leaderB'] },
  {
    method: 'GET',
    path: () => `/networks/${ids.A}/catalogue/print`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'],
  },
  { method: 'POST', path: () => '/me/contact-sharing', allowed: signedIn },
  { method: 'GET', path: () => '/regions', allowed: korus },
  { method: 'GET', path: () => '/regions/new', allowed: ['korusAll'] },
  { method: 'GET', path: () => `/regions/${ids.R1}`, allowed: r1Admins },
  { method: 'GET', path: () => `/regions/${ids.R1}/edit`, allowed: r1Admins },
  { method: 'GET', path: () => `/regions/${ids.R1}/import`, allowed: r1Admins },
  { method: 'GET', path: () => `/regions/${ids.R1}/import/${NO_DRAFT}`, allowed: r1Admins },
  { method: 'GET', path: () => `/networks/${ids.A}/import`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'GET', path: () => `/networks/${ids.A}/import/${NO_DRAFT}`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/regions/${ids.R1}/import`, allowed: r1Admins },
  { method: 'POST', path: () => `/regions/${ids.R1}/import/${NO_DRAFT}`, allowed: r1Admins },
  { method: 'POST', path: () => `/networks/${ids.A}/import`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/import/${NO_DRAFT}`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'GET', path: () => `/sectors/new?regionId=${ids.R1}`, allowed: r1Admins },
  { method: 'GET', path: () => `/sectors/${ids.S1}`, allowed: r1Admins },
  { method: 'GET', path: () => `/sectors/${ids.S1}/edit`, allowed: r1Admins },
  { method: 'GET', path: () => `/networks/new?sectorId=${ids.S1}`, allowed: r1Admins },
  { method: 'GET', path: () => `/networks/${ids.A}`, allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'] },
  { method: 'GET', path: () => `/networks/${ids.A}/edit`, allowed: r1Admins },
  { method: 'GET', path: () => `/networks/${ids.A}/members`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'GET', path: () => `/networks/${ids.B}`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'GET', path: () => `/networks/${ids.B}/members`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'GET', path: () => '/units', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'GET', path: () => '/units/new', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'GET', path: () => `/units/${ids.uA}`, allowed: peopleManagersR1 },
  { method: 'GET', path: () => `/units/${ids.uA}/edit`, allowed: peopleManagersR1 },
  { method: 'GET', path: () => `/units/${ids.uC}`, allowed: ['korusAll', 'korusR2'] },
  { method: 'GET', path: () => '/participants', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'GET', path: () => '/participants/new', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'GET', path: () => `/participants/${ids.pX}`, allowed: [...peopleManagersR1, 'memberA'] },
  { method: 'GET', path: () => `/participants/${ids.pX}/edit`, allowed: changersOfMemberA },
  { method: 'GET', path: () => `/participants/${ids.pZ}`, allowed: ['korusAll', 'korusR2'] },
  { method: 'GET', path: () => '/audit', allowed: korus },
  { method: 'GET', path: () => '/overview/participants.csv', allowed: korus },
  { method: 'GET', path: () => '/overview/attendance.csv', allowed: korus },
  { method: 'GET', path: () => '/overview/evaluations.csv', allowed: korus },
  { method: 'GET', path: () => '/me/export', allowed: signedIn },
  { method: 'GET', path: () => '/emails', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'POST', path: () => '/me/erasure-request', allowed: signedIn },
  { method: 'POST', path: () => '/me/calendar', allowed: signedIn },
  { method: 'POST', path: () => `/me/invitations/${ids.invA}/answer`, allowed: ['memberA'] },
  { method: 'GET', path: () => `/networks/${ids.A}/plan`, allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'] },
  { method: 'GET', path: () => `/networks/${ids.A}/duties`, allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'] },
  { method: 'GET', path: () => `/networks/${ids.A}/settings`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'GET', path: () => `/networks/${ids.A}/goals`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'GET',
    path: () => `/networks/${ids.A}/plan/send/preview?gathering=${ids.gA}`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  {
    method: 'GET',
    path: () => `/networks/${ids.A}/plan/send/preview.html?gathering=${ids.gA}`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'GET', path: () => `/networks/${ids.A}/agenda-template`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/agenda-template`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/networks/${ids.A}/agenda-template/reset`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'GET', path: () => `/networks/${ids.B}/plan`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'GET', path: () => `/regions/${ids.R1}/plan`, allowed: r1Admins },
  { method: 'POST', path: () => `/networks/${ids.A}/plan/propose`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/plan/accept`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.B}/plan/rotate`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'POST', path: () => `/networks/${ids.A}/settings`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/goals`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/regions/${ids.R1}/fagdag`, allowed: r1Admins },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/edit`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/calendar-replies`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'GET', path: () => `/gatherings/${ids.gA}`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/agenda`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'GET',
    path: () => `/gatherings/${ids.gA}/agenda/items/${ids.item}/edit`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  {
    method: 'GET',
    path: () => `/gatherings/${ids.gA}/agenda/print`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'],
  },
  { method: 'POST', path: () => `/gatherings/${ids.gA}`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/duties`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/agenda/items`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/agenda/items/${ids.item}`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/topic`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/agenda/publish`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/agenda/follow-up`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  // Minutes: members (and the region's KORUS) read them; the leader and KORUS write them.
  {
    method: 'GET',
    path: () => `/gatherings/${ids.gA}/minutes`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'],
  },
  {
    method: 'GET',
    path: () => `/gatherings/${ids.gA}/minutes/print`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'],
  },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/minutes`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/minutes/note-taker`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/minutes/actions`, allowed: [...r1Admins, 'leaderA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/minutes/actions/${ids.action}/close`,
    allowed: [...r1Admins, 'leaderA'],
  },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/minutes/publish`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/attendance`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/attendance`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/attendance/guests`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/attendance/guests/1/remove`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/stand-in`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/stand-in`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/stand-in/remove`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/evaluation`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/evaluation/send`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/evaluation/remind`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'GET', path: () => `/gatherings/${ids.gF}/registration`, allowed: r1Admins },
  { method: 'POST', path: () => `/gatherings/${ids.gF}/registration`, allowed: r1Admins },
  { method: 'GET', path: () => `/gatherings/${ids.gF}/registrations`, allowed: r1Admins },
  { method: 'GET', path: () => `/gatherings/${ids.gF}/registrations.csv`, allowed: r1Admins },
  { method: 'POST', path: () => `/gatherings/${ids.gF}/registrations/attendance`, allowed: r1Admins },
  { method: 'GET', path: () => `/networks/${ids.A}/plan/send`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.B}/plan/send`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'GET', path: () => `/overview/indicators?region=${ids.R1}`, allowed: r1Admins },
  { method: 'GET', path: () => '/overview/indicators', allowed: korus },
  { method: 'POST', path: () => `/sectors/${ids.S1}/indicators`, allowed: r1Admins },
  { method: 'POST', path: () => `/sectors/${ids.S2}/indicators`, allowed: ['korusAll', 'korusR2'] },
  { method: 'GET', path: () => `/overview/report?region=${ids.R1}`, allowed: r1Admins },
  { method: 'GET', path: () => '/overview/report', allowed: korus },
  { method: 'GET', path: () => `/networks/${ids.A}/report`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'GET', path: () => `/networks/${ids.B}/report`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'POST', path: () => '/regions', allowed: ['korusAll'] },
  { method: 'POST', path: () => `/regions/${ids.R1}`, allowed: r1Admins },
  { method: 'POST', path: () => `/regions/${ids.R1}/restore`, allowed: r1Admins },
  { method: 'POST', path: () => '/sectors', allowed: korus },
  { method: 'POST', path: () => `/sectors/${ids.S1}`, allowed: r1Admins },
  { method: 'POST', path: () => `/sectors/${ids.S1}/restore`, allowed: r1Admins },
  { method: 'POST', path: () => '/networks', allowed: korus },
  { method: 'POST', path: () => `/networks/${ids.A}`, allowed: r1Admins },
  { method: 'POST', path: () => `/networks/${ids.A}/restore`, allowed: r1Admins },
  { method: 'POST', path: () => `/networks/${ids.A}/memberships`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/mandates`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.B}/memberships`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'POST', path: () => `/networks/${ids.A}/units`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.B}/units`, allowed: [...r1Admins, 'leaderB'] },
  { method: 'POST', path: () => '/units', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'POST', path: () => `/units/${ids.uA}`, allowed: peopleManagersR1 },
  { method: 'POST', path: () => `/units/${ids.uC}/restore`, allowed: ['korusAll', 'korusR2'] },
  { method: 'POST', path: () => '/participants', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'POST', path: () => `/participants/${ids.pX}`, allowed: changersOfMemberA },
  { method: 'POST', path: () => `/participants/${ids.pZ}`, allowed: ['korusAll', 'korusR2'] },
  { method: 'POST', path: () => `/participants/${ids.pZ}/restore`, allowed: ['korusAll', 'korusR2'] },
  { method: 'GET', path: () => '/', allowed: signedIn },
  { method: 'GET', path: () => '/overview', allowed: korus },
  { method: 'GET', path: () => '/overview.csv', allowed: korus },
  { method: 'GET', path: () => `/networks/${ids.A}/figures`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'GET',
    path: () => `/gatherings/${ids.gA}/agenda/versions/1`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'],
  },
  { method: 'POST', path: () => `/emails/${ids.email}/resend`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/emails/resend-failed`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/emails/retry-now`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => '/emails/retry-now', allowed: [...korus, 'leaderA', 'leaderB'] },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/agenda/template`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/agenda/items/${ids.item2}/move`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  {
    method: 'POST',
    path: () => `/gatherings/${ids.gA}/agenda/items/${ids.item2}/delete`,
    allowed: [...r1Admins, 'leaderA', 'groupA'],
  },
  { method: 'GET', path: () => `/gatherings/${ids.gA}/cancel`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/gatherings/${ids.gR}/remove`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/plan/swap`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/memberships/${ids.mM}/role`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/memberships/${ids.mM}/end`, allowed: [...r1Admins, 'leaderA'] },
  { method: 'POST', path: () => `/networks/${ids.A}/units/${ids.nuX}/end`, allowed: [...r1Admins, 'leaderA'] },
  {
    method: 'GET',
    path: () => `/gatherings/${ids.gA}/materials`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'],
  },
  { method: 'POST', path: () => `/gatherings/${ids.gA}/materials`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'GET', path: () => `/materials/${ids.material}`, allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'] },
  // Without its confirmation field the delete is refused as a crafted post (400) by those allowed.
  { method: 'POST', path: () => `/materials/${ids.material}/delete`, allowed: [...r1Admins, 'leaderA', 'groupA'] },
  { method: 'POST', path: () => `/materials/${ids.material}/share`, allowed: r1Admins },
  { method: 'GET', path: () => `/networks/${ids.A}/library`, allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA'] },
  { method: 'GET', path: () => `/networks/${ids.B}/library`, allowed: [...r1Admins, 'leaderB'] },
  {
    method: 'GET',
    path: () => `/regions/${ids.R1}/library`,
    allowed: [...r1Admins, 'leaderA', 'groupA', 'memberA', 'leaderB'],
  },
  // Archive, then restore at once, so the rest of the matrix sees the records as they were.
  { method: 'POST', path: () => `/regions/${ids.R1}/archive`, allowed: r1Admins },
  { method: 'POST', path: () => `/regions/${ids.R1}/restore`, allowed: r1Admins },
  { method: 'POST', path: () => `/sectors/${ids.S1}/archive`, allowed: r1Admins },
  { method: 'POST', path: () => `/sectors/${ids.S1}/restore`, allowed: r1Admins },
  { method: 'POST', path: () => `/networks/${ids.B}/archive`, allowed: r1Admins },
  { method: 'POST', path: () => `/networks/${ids.B}/restore`, allowed: r1Admins },
  { method: 'POST', path: () => `/units/${ids.uC}/archive`, allowed: ['korusAll', 'korusR2'] },
  { method: 'POST', path: () => `/units/${ids.uC}/restore`, allowed: ['korusAll', 'korusR2'] },
  { method: 'POST', path: () => `/participants/${ids.pZ}/archive`, allowed: ['korusAll', 'korusR2'] },
  { method: 'POST', path: () => `/participants/${ids.pZ}/restore`, allowed: ['korusAll', 'korusR2'] },
  { method: 'POST', path: () => `/participants/${ids.pE}/erase`, allowed: ['korusAll', 'korusR2'] },
];

// Routes anyone may use by design: signing in and out, the language switch, answers and
// evaluations from emailed links, calendar feeds, the health check and the development mailbox.
const PUBLIC_ROUTES = new Set([
  'GET /login',
  'POST /login',
  'GET /login/verify',
  'POST /login/verify',
  'POST /logout',
  'POST /language',
  'POST /auth/oidc',
  'GET /auth/oidc/callback',
  'GET /rsvp/:token',
  'GET /rsvp/:token/agenda',
  'GET /rsvp/:token/minutes',
  'GET /rsvp/:token/materials/:materialId',
  'POST /rsvp/:token',
  'POST /rsvp/:token/stand-in',
  'GET /evaluation/:token',
  'GET /mandate/:token',
  'POST /mandate/:token',
  'GET /catalogue/check/:token',
  'POST /catalogue/check/:token',
  'GET /catalogue/check/:token/edit',
  'POST /catalogue/check/:token/edit',
  'POST /evaluation/:token',
  'GET /calendar/:token.ics',
  'GET /calendar/:token/networks/:networkId.ics',
  // Registering for a fagdag from its public page, and cancelling from the emailed link.
  'GET /pamelding/:slug',
  'GET /pamelding/:slug/takk',
  'POST /pamelding/:slug',
  'GET /avmelding/:token',
  'POST /avmelding/:token',
  'GET /healthz',
  // Development only, and only from this machine (src/mail/devMailboxRoutes.ts; dev-mailbox.test.ts).
  'GET /dev/mailbox',
  'GET /dev/mailbox/:id',
  'GET /dev/mailbox/:id/html',
]);

test('every route in the sources is in the matrix (or public by design)', () => {
  const pattern = (route: string) => new RegExp(`^${route.replace(/[.]/g, '\\.').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
  const params = (route: string) => route.split(':').length;
  // The declared route a matrix path exercises: the most specific match (/networks/new, not /networks/:id).
  const routeOf = (method: 'get' | 'post', path: string) =>
    declaredRoutes(method)
      .filter((route) => pattern(route).test(path))
      .sort((a, b) => params(a) - params(b))[0];
  const covered = new Set(
    routes.map((r) => `${r.method} ${routeOf(r.method === 'GET' ? 'get' : 'post', r.path().split('?')[0] as string)}`),
  );
  const missing = (['get', 'post'] as const)
    .flatMap((method) => declaredRoutes(method).map((route) => `${method.toUpperCase()} ${route}`))
    .filter((route) => !PUBLIC_ROUTES.has(route) && !covered.has(route));
  expect(missing).toEqual([]);
});

test.each(ROLES)('as %s, every route is allowed or refused as the policy says', async (role) => {
  const client = role === 'anonymous' ? t.client() : await t.client().signIn(people[role] as number);
  const mismatches: string[] = [];
  for (const route of routes) {
    const path = route.path();
    // Allowed posts carry an empty form: the answer is a validation message (422) or a no-op redirect.
    const res =
      route.method === 'GET'
        ? await client.get(path)
        : await client.post(path, {}, role === 'anonymous' ? '/login' : '/me');
    const refused = res.status === 403 || (res.status === 303 && String(res.headers.location).startsWith('/login'));
    const allowed = route.allowed.includes(role);
    if (allowed === refused || res.status >= 500)
      mismatches.push(`${route.method} ${path}: ${res.status} (expected ${allowed ? 'allowed' : 'refused'})`);
  }
  expect(mismatches).toEqual([]);
});

test('a refused change writes nothing', async () => {
  const client = await t.client().signIn(people.leaderA as number);
  const res = await client.post(`/networks/${ids.B}/memberships`, {
    participantId: String(people.outsider),
    role: 'participant',
  });
  expect(res.status).toBe(403);
  expect(
    await t.db('memberships').where({ network_id: ids.B, participant_id: people.outsider }).first(),
  ).toBeUndefined();
});

test('a participant sees names, units and professions of the network but no contact details', async () => {
  const client = await t.client().signIn(people.memberA as number);
  const page = await client.get(`/networks/${ids.A}`);
  expect(page.status).toBe(200);
  const leaderEmail = (await t.db('participants').where({ id: people.leaderA }).first())!.email;
  expect(page.text).not.toContain(leaderEmail);
  expect(page.text).not.toContain(`href="/networks/${ids.A}/members"`);
});
