import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from '../support/app';
import {
  makeGathering,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';

// The send page's preview shows what each kind of recipient gets, built by the code that builds
// the real email, and writes nothing; and the leader can send one gathering rather than the year.

let t: TestApp;
let networkId: number;
let leader: number;
let first: number;
let second: number;
const YEAR = DateTime.now().setZone('Europe/Oslo').year + 1;
const at = (month: number) => DateTime.fromObject({ year: YEAR, month, day: 10, hour: 12 }, { zone: 'Europe/Oslo' });

beforeAll(async () => {
  t = await startTestApp({ BASE_URL: 'https://samling.test' });
  const regionId = await makeRegion(t.db);
  networkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: regionId }),
    name: 'ROP-nettverk Voss DPS',
  });
  const unit = await makeUnit(t.db, { region_id: regionId });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Vigdis Leder', email: 'vigdis@voss.example' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  for (const name of ['Per Deltaker', 'Pia Deltaker'])
    await makeMembership(t.db, {
      network_id: networkId,
      participant_id: await makeParticipant(t.db, { unit_id: unit, name }),
    });
  first = await makeGathering(t.db, { networkIds: [networkId], startsAt: at(3).toJSDate(), topic: 'Ambulante team' });
  second = await makeGathering(t.db, { networkIds: [networkId], startsAt: at(9).toJSDate(), topic: 'Bolig først' });
  await t.db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: leader });
});
afterAll(() => t.close());

const preview = (query: string) => `/networks/${networkId}/plan/send/preview?gathering=${first}&${query}`;

test('the leader previews the invitation for a participant, a stand-in and in nynorsk, and nothing is stored or sent', async () => {
  const client = await t.client().signIn(leader);
  const send = (await client.get(`/networks/${networkId}/plan/send?year=${YEAR}`)).text;
  expect(send).toContain(`href="${preview('as=invitation').replace('&', '&amp;')}"`);

  const page = await client.get(preview('as=invitation&lang=nb'));
  expect(page.status).toBe(200);
  expect(page.text).toMatch(/Invitasjon: ROP-nettverk Voss DPS 10\.3\.\d{4}/);
  expect(page.text).toContain('vigdis@voss.example');
  expect(page.text).toContain('Hei Kari Nordmann,');
  expect(page.text).toContain('Tema: Ambulante team');
  expect(page.text).toContain('METHOD:REQUEST');
  expect(page.text).toContain('SUMMARY:ROP-nettverk Voss DPS: Ambulante team');

  const standIn = (await client.get(preview('as=standIn&lang=nb'))).text;
  expect(standIn).toContain('Du er invitert som stedfortreder for Ola Nordmann, som ikke kan komme.');
  const nynorsk = (await client.get(preview('as=invitation&lang=nn'))).text;
  expect(nynorsk).toContain('Du er invitert til samling i ROP-nettverk Voss DPS.');
  expect(nynorsk).toMatch(/Ja, eg kjem: https:\/\/samling\.test\/rsvp\/forhandsvisning\?answer&#x3D;yes/);
  expect(nynorsk).toMatch(/Tema: Ambulante team/);

  // The host unit's reminder to prepare, with the duty named; a reminder has no calendar part.
  const host = (await client.get(preview('as=host&lang=nb'))).text;
  expect(host).toMatch(/Forberedelse: ROP-nettverk Voss DPS/);
  expect(host).toContain('vertskap (lokaler)');
  expect(host).not.toContain('BEGIN:VCALENDAR');

  const html = await client.get(preview('as=invitation&lang=nb').replace('/preview?', '/preview.html?'));
  expect(html.headers['content-type']).toMatch(/^text\/html/);
  expect(html.headers['content-security-policy']).toContain("style-src 'unsafe-inline'");
  expect(html.headers['content-security-policy']).toContain("default-src 'none'");
  expect(html.text).toContain('Ja, jeg kommer');

  expect(await t.db('outgoing_emails').count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await t.db('invitations').count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('a preview of a gathering that is not this network’s, or not a number, is not found', async () => {
  const client = await t.client().signIn(leader);
  const other = await makeGathering(t.db, { networkIds: [await makeNetwork(t.db)], startsAt: at(5).toJSDate() });
  expect((await client.get(`/networks/${networkId}/plan/send/preview?gathering=${other}`)).status).toBe(404);
  expect((await client.get(`/networks/${networkId}/plan/send/preview?gathering=abc`)).status).toBe(404);
  const member = await t.db('memberships').where({ network_id: networkId, role: 'participant' }).first();
  expect((await (await t.client().signIn(member!.participant_id)).get(preview('as=invitation'))).status).toBe(403);
});

test('the leader sends one gathering: only its invitations go out, and the other is still to send', async () => {
  const client = await t.client().signIn(leader);
  const sent = await client.post(
    `/networks/${networkId}/plan/send`,
    { year: String(YEAR), gatheringId: String(second) },
    `/networks/${networkId}/plan/send?year=${YEAR}`,
  );
  expect(sent.status).toBe(303);
  expect(sent.headers.location).toBe(`/networks/${networkId}/plan/send?year=${YEAR}`);
  expect(await t.db('invitations').where({ gathering_id: second }).count({ n: '*' }).first()).toEqual({ n: 3 });
  expect(await t.db('invitations').where({ gathering_id: first })).toEqual([]);
  expect(await t.db('outgoing_emails').where({ template: 'invitation' }).count({ n: '*' }).first()).toEqual({ n: 3 });
  const page = (await client.get(`/networks/${networkId}/plan/send?year=${YEAR}`)).text;
  expect(page).toContain('Send 3 e-poster');
});
