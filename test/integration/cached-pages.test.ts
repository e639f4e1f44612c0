import { DateTime } from 'luxon';
import request from 'supertest';
import { renewCalendarToken } from '../../src/calendar/feeds';
import { csrfIn, startTestApp, type TestApp } from '../support/app';
import {
  makeGathering,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';

// Pages whose body is kept until the data changes (src/web/cachedPage.ts): each reader still gets
// their own CSRF token and only what their rights allow; calendar feeds answer 304 when unchanged.

let t: TestApp;
let networkId: number;
let leader: number;
let otherLeader: number;
let member: number;
let gatheringId: number;

beforeAll(async () => {
  t = await startTestApp();
  const regionId = await makeRegion(t.db);
  networkId = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const unit = await makeUnit(t.db, { region_id: regionId });
  await t.db('network_units').insert({ network_id: networkId, unit_id: unit });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Lise Leder' });
  otherLeader = await makeParticipant(t.db, { unit_id: unit, name: 'Arne Arbeidsgruppe' });
  member = await makeParticipant(t.db, { unit_id: unit, name: 'Mona Medlem' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  await makeMembership(t.db, { network_id: networkId, participant_id: otherLeader, role: 'workingGroup' });
  await makeMembership(t.db, { network_id: networkId, participant_id: member });
  gatheringId = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: DateTime.now().setZone('Europe/Oslo').plus({ days: 40 }).set({ hour: 12, minute: 0 }).toJSDate(),
    topic: 'Kartlegging',
  });
});
afterAll(() => t.close());

const tokensIn = (html: string) => [...html.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);

test("a kept page body carries each reader's own CSRF token in every form, and that token works", async () => {
  const first = await t.client().signIn(leader);
  const second = await t.client().signIn(otherLeader);
  const firstPage = (await first.get(`/gatherings/${gatheringId}/edit`)).text;
  // The second reader is served the kept body.
  const secondPage = (await second.get(`/gatherings/${gatheringId}/edit`)).text;
  const firstTokens = tokensIn(firstPage);
  const secondTokens = tokensIn(secondPage);
  expect(firstTokens.length).toBeGreaterThan(2);
  expect(new Set(firstTokens)).toEqual(new Set([csrfIn(firstPage)]));
  expect(new Set(secondTokens)).toEqual(new Set([csrfIn(secondPage)]));
  expect(csrfIn(firstPage)).not.toBe(csrfIn(secondPage));
  expect(secondPage).not.toMatch(/csrf-[0-9a-f]{32}/);

  const version = /name="version" value="(\d+)"/.exec(secondPage)?.[1] ?? '';
  const saved = await second.agent
    .post(`/gatherings/${gatheringId}`)
    .type('form')
    .send({
      _csrf: csrfIn(secondPage),
      version,
      date: /name="date" type="date" value="([^"]+)"/.exec(secondPage)?.[1] ?? '',
      startTime: '12:00',
      endTime: '15:00',
      format: 'physical',
      kind: 'regular',
      venue: 'Nytt møterom',
      topic: 'Kartlegging',
    });
  expect(saved.status).toBe(303);
  // The save empties the kept body: the next reader sees the change.
  expect((await first.get(`/gatherings/${gatheringId}/edit`)).text).toContain('Nytt møterom');
});

test('a reader with fewer rights is never served a body kept for one with more, and the other way round', async () => {
  const asMember = await t.client().signIn(member);
  const asLeader = await t.client().signIn(leader);
  const manageLink = `href="/networks/${networkId}/members"`;
  const leaderFirst = (await asLeader.get(`/networks/${networkId}`)).text;
  const memberAfter = (await asMember.get(`/networks/${networkId}`)).text;
  const leaderAgain = (await asLeader.get(`/networks/${networkId}`)).text;
  expect(leaderFirst).toContain(manageLink);
  expect(memberAfter).not.toContain(manageLink);
  expect(leaderAgain).toContain(manageLink);
  // Each page's signed-in name is the reader's own (the layout is never kept).
  expect(memberAfter).toContain('Mona Medlem');
  expect(memberAfter).not.toContain('site-user__name">Lise Leder');
});

test('a kept body is sent as the same UTF-8 text, characters beyond Latin-1 included, each time it is served', async () => {
  // The gathering's topic is in the kept body, the network's name in the layout around it.
  await t.db('gatherings').where('id', gatheringId).update({ topic: 'Samhandling – «ROP» … 🤝' });
  await t.db('networks').where('id', networkId).update({ name: 'Nettverk Sør – øst' });
  const first = await (await t.client().signIn(leader)).get(`/gatherings/${gatheringId}/edit`);
  const kept = await (await t.client().signIn(otherLeader)).get(`/gatherings/${gatheringId}/edit`);
  for (const page of [first, kept]) {
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.text, 'utf8'));
    expect(page.text).toContain('Samhandling – «ROP» … 🤝');
    expect(page.text).toContain('Nettverk Sør – øst');
    // The layout around the kept body is whole: the page ends as a page does.
    expect(page.text.trimEnd()).toMatch(/<\/html>$/);
  }
});

test('a kept body too large to copy for every response is still sent whole, with its length', async () => {
  // Pieces of 32 KB or more are written as they are (src/web/cachedPage.ts); this topic makes one.
  const topic = `Lang tekst – ${'ø'.repeat(20_000)} slutt`;
  await t.db('gatherings').where('id', gatheringId).update({ topic });
  for (const reader of [leader, otherLeader]) {
    const page = await (await t.client().signIn(reader)).get(`/gatherings/${gatheringId}/edit`);
    expect(page.status).toBe(200);
    expect(Number(page.headers['content-length'])).toBe(Buffer.byteLength(page.text, 'utf8'));
    expect(page.text).toContain(topic);
    expect(tokensIn(page.text).length).toBeGreaterThan(0);
    expect(page.text.trimEnd()).toMatch(/<\/html>$/);
  }
});

test('a calendar feed carries an ETag and answers 304 while nothing changed, 200 after a change', async () => {
  const token = await renewCalendarToken(t.db, member);
  const path = `/calendar/${token}/networks/${networkId}.ics`;
  const first = await request(t.app).get(path);
  expect(first.status).toBe(200);
  const etag = first.headers.etag as string;
  expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
  const again = await request(t.app).get(path).set('If-None-Match', etag);
  expect(again.status).toBe(304);
  expect(again.text ?? '').toBe('');
  await t.db('gatherings').where('id', gatheringId).update({ topic: 'Nytt tema' });
  const changed = await request(t.app).get(path).set('If-None-Match', etag);
  expect(changed.status).toBe(200);
  expect(changed.headers.etag).not.toBe(etag);
  expect(changed.text).toContain('Nytt tema');
});
