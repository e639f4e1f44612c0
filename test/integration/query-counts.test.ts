import { DateTime } from 'luxon';
import { renewCalendarToken } from '../../src/calendar/feeds';
import { startTestApp, type TestApp } from '../support/app';
import {
  makeGathering,
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
} from '../support/factories';

// Each main page's SQL queries per request, counted on a small data set and again after adding many
// more networks, members, units and gatherings (a joint fagdag among them): a count that grows with
// the rows is an N+1, and fails here.

let t: TestApp;
let regionId: number;
let sectorId: number;
let otherNetwork: number;
let network: number;
let leader: number;
let admin: number;
let gathering: number;
let fagdag: number;
let token: string;
const units: number[] = [];
const YEAR = DateTime.now().setZone('Europe/Oslo').year;
const at = (month: number, day: number, hour: number) =>
  DateTime.fromObject({ year: YEAR, month, day, hour }, { zone: 'Europe/Oslo' }).toJSDate();

/** Gatherings of one network (or several: a joint fagdag), each with an agenda of items, a published version and invitations for the members. */
async function addGatherings(
  networkIds: number[],
  count: number,
  kind: 'regular' | 'fagdag' = 'regular',
): Promise<number[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    starts_at: at(1 + (i % 12), 1 + (i % 27), 12),
    ends_at: at(1 + (i % 12), 1 + (i % 27), 15),
    format: i % 2 ? 'digital' : 'physical',
    kind,
    status: 'planned',
    topic: `Tema ${i}`,
    venue: 'Møterom',
    host_unit_id: i % 2 ? null : units[i % units.length],
  }));
  const ids = ((await t.db('gatherings').insert(rows).returning('id')) as { id: number }[]).map((r) => r.id);
  await t
    .db('gathering_networks')
    .insert(ids.flatMap((id) => networkIds.map((networkId) => ({ gathering_id: id, network_id: networkId }))));
  await t.db('agenda_items').insert(
    ids.flatMap((id) =>
      [1, 2, 3].map((position) => ({
        gathering_id: id,
        position,
        kind: 'topicTalk',
        title: `Punkt ${position}`,
        duration_minutes: 30,
        responsible_unit_id: units[position % units.length],
      })),
    ),
  );
  await t.db('agenda_versions').insert(
    ids.map((id) => ({
      gathering_id: id,
      version: 1,
      snapshot: JSON.stringify({ topic: 'Tema', startTime: '12:00', endTime: '15:00', items: [] }),
    })),
  );
  await t
    .db('gathering_presenters')
    .insert(ids.map((id, i) => ({ gathering_id: id, unit_id: units[(i + 1) % units.length] })));
  const members = (await t
    .db('memberships')
    .whereIn('network_id', networkIds)
    .whereNull('ends_on')
    .pluck('participant_id')) as number[];
  if (members.length > 0)
    await t.db('invitations').insert(
      ids.flatMap((id) =>
        [...new Set(members)].map((participantId, i) => ({
          gathering_id: id,
          participant_id: participantId,
          sent_version: 1,
          answer: i % 3 ? 'yes' : 'no',
        })),
      ),
    );
  return ids;
}

async function addMembers(networkId: number, count: number): Promise<void> {
  const people = (await t
    .db('participants')
    .insert(
      Array.from({ length: count }, (_, i) => ({
        unit_id: units[i % units.length],
        name: `Deltaker ${networkId}-${i}-${Math.random()}`,
        email: `d${networkId}-${i}-${Math.random()}@kommune.example`,
        profession: 'nurse',
      })),
    )
    .returning('id')) as { id: number }[];
  await t
    .db('memberships')
    .insert(people.map((p) => ({ network_id: networkId, participant_id: p.id, role: 'participant' })));
}

async function addUnits(count: number): Promise<void> {
  const rows = (await t
    .db('units')
    .insert(
      Array.from({ length: count }, (_, i) => ({
        region_id: regionId,
        organisation: 'Kommune',
        name: `Enhet ${units.length + i}`,
        service_type: ['municipal', 'mentalHealth', 'addiction', 'welfare'][i % 4],
      })),
    )
    .returning('id')) as { id: number }[];
  units.push(...rows.map((r) => r.id));
}

const pages = () => ({
  'network page': { who: leader, path: `/networks/${network}` },
  overview: { who: admin, path: `/overview?year=${YEAR}` },
  'gathering page': { who: leader, path: `/gatherings/${gathering}/edit` },
  "gathering's own page": { who: leader, path: `/gatherings/${gathering}` },
  // A joint fagdag is edited by KORUS (accounts/policy.ts, canEditGathering).
  'gathering page (joint fagdag)': { who: admin, path: `/gatherings/${fagdag}/edit` },
  'agenda page': { who: leader, path: `/gatherings/${gathering}/agenda` },
  'year plan': { who: leader, path: `/networks/${network}/plan?year=${YEAR}` },
  'participants list': { who: admin, path: '/participants' },
  'units list': { who: admin, path: '/units' },
  'ICS feed (network)': { who: undefined, path: `/calendar/${token}/networks/${network}.ics` },
  'ICS feed (personal)': { who: undefined, path: `/calendar/${token}.ics` },
  'Min side': { who: leader, path: '/me' },
});

async function countQueries(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, { who, path }] of Object.entries(pages())) {
    const client = t.client();
    if (who !== undefined) await client.signIn(who);
    let queries = 0;
    const count = () => (queries += 1);
    t.db.on('query', count);
    const res = await client.get(path);
    t.db.off('query', count);
    expect({ name, status: res.status }).toEqual({ name, status: 200 });
    counts[name] = queries;
  }
  return counts;
}

beforeAll(async () => {
  t = await startTestApp();
  regionId = await makeRegion(t.db);
  sectorId = await makeSector(t.db, { region_id: regionId });
  await addUnits(4);
  otherNetwork = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk A' });
  network = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk B' });
  await t.db('network_units').insert(units.map((unitId) => ({ network_id: network, unit_id: unitId })));
  leader = await makeParticipant(t.db, { unit_id: units[0] });
  await makeMembership(t.db, { network_id: network, participant_id: leader, role: 'leader' });
  await addMembers(network, 3);
  await addMembers(otherNetwork, 3);
  gathering = (await addGatherings([network], 2))[0]!;
  fagdag = (await addGatherings([network], 1, 'fagdag'))[0]!;
  await addGatherings([otherNetwork], 2);
  // One ahead that the leader is invited to, so Min side lists something on the small data set too.
  await makeGathering(t.db, {
    networkIds: [network],
    startsAt: new Date(Date.now() + 14 * 24 * 3600_000),
    invite: [leader],
  });
  admin = await makeKorusAdmin(t.db, null);
  token = await renewCalendarToken(t.db, leader);
});
afterAll(() => t.close());

test('no main page makes more queries when the data grows (no N+1)', async () => {
  const small = await countQueries();

  // Many more rows: 20 networks with members and gatherings, the network itself with many more
  // members, units and gatherings, and the fagdag shared by every network (the others' first).
  await addUnits(30);
  await t.db('network_units').insert(units.slice(4).map((unitId) => ({ network_id: network, unit_id: unitId })));
  const more: number[] = [];
  for (let i = 0; i < 20; i++) {
    const id = await makeNetwork(t.db, {
      sector_id: i % 2 ? sectorId : await makeSector(t.db, { region_id: i % 3 ? regionId : await makeRegion(t.db) }),
    });
    more.push(id);
    await addMembers(id, 10);
    await addGatherings([id], 8);
  }
  await addMembers(network, 40);
  await addGatherings([network], 20);
  await addGatherings([network, otherNetwork, ...more], 3, 'fagdag');
  await t
    .db('gathering_networks')
    .insert([otherNetwork, ...more].map((networkId) => ({ gathering_id: fagdag, network_id: networkId })));
  for (let i = 0; i < 50; i++) await makeParticipant(t.db, { unit_id: units[i % units.length] });

  const large = await countQueries();
  expect(large).toEqual(small);
  // And every count is small: a page is a handful of queries, not one per row.
  for (const [name, n] of Object.entries(large))
    expect({ name, fewQueries: n <= 20 }).toEqual({ name, fewQueries: true });
});
