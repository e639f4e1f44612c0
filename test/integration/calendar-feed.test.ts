import ical, { type VEvent } from 'node-ical';
import { DateTime } from 'luxon';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { startTestApp, type TestApp } from '../support/app';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';

// The process runs in another time zone than Oslo, as docs/calendar.md asks: wall-clock times
// in the feed must still be Oslo's.
process.env.TZ = 'America/New_York';

let t: TestApp;
let networkId: number;
let member: number;
let otherNetwork: number;

beforeAll(async () => {
  t = await startTestApp({ BASE_URL: 'https://samling.test' });
  const regionId = await makeRegion(t.db);
  const sectorId = await makeSector(t.db, { region_id: regionId });
  networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Voss DPS' });
  otherNetwork = await makeNetwork(t.db, { sector_id: sectorId, name: 'Et annet nettverk' });
  const unit = await makeUnit(t.db, { region_id: regionId });
  member = await makeParticipant(t.db, { unit_id: unit, language: 'nn' });
  await makeMembership(t.db, { network_id: networkId, participant_id: member });
  // Thursdays just before and after the last Sundays of March and October 2027, 12:00 in Oslo.
  for (const [date, format, status] of [
    ['2027-03-25', 'physical', 'planned'],
    ['2027-04-01', 'digital', 'planned'],
    ['2027-10-28', 'hybrid', 'planned'],
    ['2027-11-04', 'physical', 'cancelled'],
    ['2027-06-10', 'physical', 'proposed'],
  ] as const) {
    const start = DateTime.fromISO(`${date}T12:00`, { zone: 'Europe/Oslo' });
    const [g] = await t
      .db('gatherings')
      .insert({
        starts_at: start.toJSDate(),
        ends_at: start.plus({ hours: 3 }).toJSDate(),
        format,
        status,
        topic: `Tema ${date}`,
        venue: 'Voss DPS, Sjukehusvegen 16',
        meeting_url: 'https://teams.example/m',
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  }
});
afterAll(() => t.close());

async function feedLinks() {
  const client = await t.client().signIn(member);
  const page = await client.post('/me/calendar', {});
  expect(page.status).toBe(200);
  const personal = /<code>(https:\/\/samling\.test\/calendar\/[^<]+\.ics)<\/code>/.exec(page.text)?.[1] as string;
  const network = new RegExp(`(https://samling\\.test/calendar/[^<]+/networks/${networkId}\\.ics)`).exec(
    page.text,
  )?.[1] as string;
  return { personal: new URL(personal).pathname, network: new URL(network).pathname, page };
}

test("a person subscribes to their networks' gatherings; times are Oslo wall clock across both DST changes", async () => {
  const { personal, page } = await feedLinks();
  expect(page.text).toContain('webcal://samling.test/calendar/');
  const res = await request(t.app).get(personal);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
  expect(res.text).toContain('BEGIN:VTIMEZONE\r\nTZID:Europe/Oslo');
  expect(res.text).not.toContain('METHOD:');
  expect(res.text).toMatch(/DTSTART;TZID=Europe\/Oslo:20270325T120000/);
  expect(res.text).toMatch(/DTSTART;TZID=Europe\/Oslo:20270401T120000/);
  expect(res.text).toMatch(/DTSTART;TZID=Europe\/Oslo:20271028T120000/);
  const events = Object.values(ical.sync.parseICS(res.text)).filter((c) => c?.type === 'VEVENT') as VEvent[];
  // Drafts are not in anyone's calendar; a cancelled gathering is, marked cancelled.
  expect(events).toHaveLength(4);
  const byStart = new Map(events.map((e) => [new Date(e.start).toISOString(), e]));
  expect(byStart.has('2027-03-25T11:00:00.000Z')).toBe(true); // winter time, UTC+1
  expect(byStart.has('2027-04-01T10:00:00.000Z')).toBe(true); // summer time, UTC+2
  expect(byStart.has('2027-10-28T10:00:00.000Z')).toBe(true);
  expect(byStart.has('2027-11-04T11:00:00.000Z')).toBe(true);
  expect(byStart.get('2027-11-04T11:00:00.000Z')?.status).toBe('CANCELLED');
  expect(byStart.get('2027-04-01T10:00:00.000Z')?.location).toBe('https://teams.example/m');
  const gathering = await t.db('gatherings').whereRaw("starts_at = '2027-03-25T11:00:00Z'").first();
  expect(byStart.get('2027-03-25T11:00:00.000Z')?.uid).toBe(gathering!.uid);
  expect(String(byStart.get('2027-03-25T11:00:00.000Z')?.summary)).toBe('ROP-nettverk Voss DPS: Tema 2027-03-25');
});

test('the UID is stored with the gathering: the app restarted at another address sends the same UIDs', async () => {
  const { network } = await feedLinks();
  const uids = (text: string) => [...text.matchAll(/UID:([^\r\n]+)/g)].map((m) => m[1]).sort();
  const before = uids((await request(t.app).get(network)).text);
  expect(before).toHaveLength(4);
  expect(before.join()).not.toContain('samling.test');
  const moved = createApp({
    config: loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'false',
      BASE_URL: 'https://rop.helse-vest.example',
    }),
    db: t.db,
    databaseUrl: t.url,
    logger: pino({ level: 'silent' }),
    sessionSecret: 'test-session-secret-that-is-long-enough-0123456789',
  });
  try {
    const after = await request(moved.app).get(network);
    expect(after.text).toContain('https://rop.helse-vest.example/gatherings/');
    expect(uids(after.text)).toEqual(before);
  } finally {
    await moved.close();
  }
});

test('a change raises the SEQUENCE and keeps the UID', async () => {
  const { network } = await feedLinks();
  const before = await request(t.app).get(network);
  const uid = /UID:([^\r\n]+)/.exec(before.text)?.[1];
  const sequence = Number(/SEQUENCE:(\d+)/.exec(before.text)?.[1]);
  await t
    .db('gatherings')
    .whereRaw("starts_at = '2027-03-25T11:00:00Z'")
    .update({ venue: 'Nytt sted', version: t.db.raw('version + 1') });
  const after = await request(t.app).get(network);
  expect(/UID:([^\r\n]+)/.exec(after.text)?.[1]).toBe(uid);
  expect(Number(/SEQUENCE:(\d+)/.exec(after.text)?.[1])).toBe(sequence + 1);
});

test('a renewed token replaces the old one; a forged token or another network is not found', async () => {
  const first = await feedLinks();
  const second = await feedLinks();
  expect((await request(t.app).get(first.personal)).status).toBe(404);
  expect((await request(t.app).get(second.personal)).status).toBe(200);
  expect((await request(t.app).get('/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics')).status).toBe(404);
  expect(
    (await request(t.app).get(second.network.replace(`/networks/${networkId}`, `/networks/${otherNetwork}`))).status,
  ).toBe(404);
  const stored = await t.db('calendar_tokens').where({ participant_id: member }).first();
  expect(Buffer.from(stored!.token_hash).toString()).not.toContain(second.personal.split('/')[2]?.replace('.ics', ''));
});
