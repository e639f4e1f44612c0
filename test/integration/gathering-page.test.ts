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

let t: TestApp;
let networkId: number;
let leader: number;
let member: number;
let past: number;
let ahead: number;
let cancelled: number;

const oslo = () => DateTime.now().setZone('Europe/Oslo');

beforeAll(async () => {
  t = await startTestApp();
  const regionId = await makeRegion(t.db);
  networkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: regionId }),
    name: 'ROP-nettverk Fana DPS',
  });
  const unit = await makeUnit(t.db, { region_id: regionId, organisation: 'Helse Bergen', name: 'Fana DPS' });
  await t.db('network_units').insert({ network_id: networkId, unit_id: unit });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Lise Leder' });
  member = await makeParticipant(t.db, { unit_id: unit, name: 'Mona Medlem' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  await makeMembership(t.db, { network_id: networkId, participant_id: member });
  const yesterday = oslo().minus({ days: 1 }).set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  past = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: yesterday.toJSDate(),
    host_unit_id: unit,
    invite: [leader, member],
  });
  ahead = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: oslo().plus({ days: 60 }).set({ hour: 12, minute: 0 }).toJSDate(),
  });
  cancelled = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: yesterday.minus({ days: 7 }).toJSDate(),
    status: 'cancelled',
  });
});
afterAll(() => t.close());

const stepsOn = (html: string) =>
  [...html.matchAll(/<ul class="step-list">([\s\S]*?)<\/ul>/g)].flatMap((m) =>
    [...(m[1] ?? '').matchAll(/href="([^"]+)">([^<]+)<\/a>/g)].map(
      (l) => `${l[2]} → ${l[1]?.replaceAll('&#x3D;', '=')}`,
    ),
  );

test('after a gathering, its page says what is still to do and leads there; done steps disappear', async () => {
  const client = await t.client().signIn(leader);
  const page = await client.get(`/gatherings/${past}`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('<h1 class="ds-heading" data-size="lg">ROP-nettverk Fana DPS</h1>');
  expect(stepsOn(page.text)).toEqual([`Registrer oppmøtet → /gatherings/${past}/attendance`]);
  expect(page.text).toContain('Helse Bergen – Fana DPS');
  expect(page.text).toContain('Invitert: 2.');
  // The pages after the gathering lead back here.
  expect((await client.get(`/gatherings/${past}/attendance`)).text).toContain(`href="/gatherings/${past}"`);

  // Registering who came after the gathering also asks them to evaluate it.
  await client.post(`/gatherings/${past}/attendance`, { present: [String(member)] }, `/gatherings/${past}/attendance`);
  const done = (await client.get(`/gatherings/${past}`)).text;
  expect(stepsOn(done)).toEqual([]);
  expect(done).toContain('Ingenting gjenstår akkurat nå.');
  expect(done).toMatch(/1 spurt, 0 svar\. Stenger /);
});

test('before a gathering: publish the agenda and send the invitations, with links to where that is done', async () => {
  const client = await t.client().signIn(leader);
  const page = (await client.get(`/gatherings/${ahead}`)).text;
  const year = oslo().plus({ days: 60 }).year;
  expect(stepsOn(page)).toEqual([
    `Publiser agendaen → /gatherings/${ahead}/agenda`,
    `Send invitasjonene → /networks/${networkId}/plan/send?year=${year}`,
  ]);
  for (const href of [`/gatherings/${ahead}/edit`, `/gatherings/${ahead}/stand-in`, `/gatherings/${ahead}/cancel`])
    expect(page).toContain(`href="${href}"`);
  expect(page).toContain('Oppmøte og evaluering kommer her når samlingen har begynt.');
  // The edit page leads back to this page.
  expect((await client.get(`/gatherings/${ahead}/edit`)).text).toContain(`href="/gatherings/${ahead}"`);
});

test('a cancelled gathering has nothing left to do', async () => {
  const page = (await (await t.client().signIn(leader)).get(`/gatherings/${cancelled}`)).text;
  expect(stepsOn(page)).toEqual([]);
  expect(page).toContain('Samlingen er avlyst.');
  expect(page).not.toContain(`href="/gatherings/${cancelled}/attendance"`);
});

test('the network page shows the leader what is still to do after each gathering of the year, and a participant nothing of it', async () => {
  // Ended a minute ago, and (even just after New Year) inside the year the network page shows.
  const now = oslo();
  const startsAt = DateTime.max(now.minus({ hours: 3 }), now.startOf('year'));
  const justHeld = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: startsAt.toJSDate(),
    ends_at: now.minus({ minutes: 1 }).toJSDate(),
    invite: [leader, member],
  });
  const leaderPage = (await (await t.client().signIn(leader)).get(`/networks/${networkId}`)).text;
  const row = leaderPage.slice(leaderPage.indexOf(`href="/gatherings/${justHeld}"`));
  expect(row.slice(0, row.indexOf('</tr>'))).toContain(
    `Dette gjenstår: <a class="ds-link" href="/gatherings/${justHeld}">Registrer oppmøtet</a>`,
  );
  const memberClient = await t.client().signIn(member);
  const memberPage = (await memberClient.get(`/networks/${networkId}`)).text;
  expect(memberPage).not.toContain('Dette gjenstår');
  expect(memberPage).not.toMatch(/href="\/gatherings\/\d+"/);
  expect((await memberClient.get(`/gatherings/${justHeld}`)).status).toBe(403);
});
