import type { ParsedMail } from 'mailparser';
import { sendProfileChecks } from '../../src/catalogue/checks';
import { fieldError, startTestApp, type TestApp } from '../support/app';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker, waitForQueueDrained } from '../support/worker';

// The service catalogue (src/catalogue/): search, who's who, the yearly check over real SMTP, the privacy guard.

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
const ids: Record<string, number> = {};

const profile = (fields: Record<string, string | string[]> = {}) => ({
  offer: 'Poliklinisk rusbehandling og samtaler for voksne.',
  targetGroup: 'Voksne over 18 år',
  howToContact: 'Henvisning fra fastlege. Fagfolk kan ringe direkte.',
  contactEmail: 'post.rus@helse-bergen.example',
  contactPhone: '55 00 00 00',
  openingHours: 'Hverdager 08.00–15.30',
  needsFromOthers: '',
  version: '0',
  ...fields,
});
const linkIn = (mail: ParsedMail) =>
  /https:\/\/samling\.test(\/catalogue\/check\/[A-Za-z0-9_-]{43})/.exec(mail.text ?? '')?.[1] as string;
const unitsListed = (html: string) => [...html.matchAll(/href="\/catalogue\/units\/(\d+)"/g)].map((m) => Number(m[1]));

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  const db = t.db;
  ids.region = await makeRegion(db, { name: 'Vestland sør' });
  ids.otherRegion = await makeRegion(db);
  ids.sector = await makeSector(db, { region_id: ids.region, municipalities: ['Bergen', 'Askøy'] });
  ids.otherSector = await makeSector(db, { region_id: ids.region, municipalities: ['Øygarden'] });
  ids.network = await makeNetwork(db, { sector_id: ids.sector, name: 'ROP-nettverk Bjørgvin' });
  ids.tsb = await makeUnit(db, {
    region_id: ids.region,
    organisation: 'Helse Bergen',
    name: 'Ruspoliklinikken',
    service_type: 'addiction',
    manager_name: 'Mona Leder',
    manager_email: 'mona.leder@helse-bergen.example',
  });
  ids.team = await makeUnit(db, { region_id: ids.region, organisation: 'Askøy kommune', name: 'ROP-teamet' });
  ids.nav = await makeUnit(db, {
    region_id: ids.region,
    organisation: 'NAV Øygarden',
    name: 'Oppfølging',
    service_type: 'welfare',
  });
  await db('network_units').insert([
    { network_id: ids.network, unit_id: ids.tsb },
    { network_id: ids.network, unit_id: ids.team },
  ]);
  ids.leader = await makeParticipant(db, { unit_id: ids.team, name: 'Liv Leder' });
  await makeMembership(db, { network_id: ids.network, participant_id: ids.leader, role: 'leader' });
  ids.sharer = await makeParticipant(db, {
    unit_id: ids.team,
    name: 'Siri Deler',
    email: 'siri@askoy.example',
    phone: '91234567',
  });
  await makeMembership(db, { network_id: ids.network, participant_id: ids.sharer });
  ids.private = await makeParticipant(db, {
    unit_id: ids.tsb,
    name: 'Per Privat',
    email: 'per@helse-bergen.example',
    phone: '98765432',
  });
  await makeMembership(db, { network_id: ids.network, participant_id: ids.private });
  ids.outsider = await makeParticipant(db, {
    unit_id: await makeUnit(db, { region_id: ids.otherRegion }),
    name: 'Ola Utenfor',
  });
  ids.korus = await makeKorusAdmin(db, ids.region);
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

test('a network leader writes a unit profile; a member of the network cannot; the change is audited', async () => {
  const leader = await t.client().signIn(ids.leader as number);
  const form = await leader.get(`/catalogue/units/${ids.tsb}/edit`);
  expect(form.status).toBe(200);
  expect(form.text).toContain('Askøy');
  const res = await leader.post(
    `/catalogue/units/${ids.tsb}`,
    profile({ municipalities: ['Bergen', 'Askøy'] }),
    `/catalogue/units/${ids.tsb}/edit`,
  );
  expect(res.status).toBe(303);
  const page = await leader.get(`/catalogue/units/${ids.tsb}`);
  expect(page.text).toContain('Poliklinisk rusbehandling');
  expect(page.text).toContain('post.rus@helse-bergen.example');
  expect(page.text).toMatch(/Sist bekreftet<\/dt><dd>\d/);
  expect(
    await t.db('audit_log').where({ action: 'updateServiceProfile', entity_id: ids.tsb }).count({ n: '*' }).first(),
  ).toEqual({ n: 1 });

  const member = await t.client().signIn(ids.sharer as number);
  expect((await member.get(`/catalogue/units/${ids.tsb}`)).status).toBe(200);
  expect((await member.get(`/catalogue/units/${ids.tsb}/edit`)).status).toBe(403);
  const refused = await member.post(`/catalogue/units/${ids.tsb}`, profile({ offer: 'Endret', version: '1' }));
  expect(refused.status).toBe(403);
  expect((await t.db('service_profiles').where({ unit_id: ids.tsb }).first('offer'))?.offer).toContain('Poliklinisk');
});

test('a fødselsnummer in any profile field is refused at the field, with the input kept and nothing stored', async () => {
  const korus = await t.client().signIn(ids.korus as number);
  const res = await korus.post(
    `/catalogue/units/${ids.team}`,
    profile({ offer: 'Oppfølging i hjemmet', needsFromOthers: 'Send henvisning for pasient 01010012356 til oss' }),
    `/catalogue/units/${ids.team}/edit`,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'needsFromOthers')).toMatch(/fødselsnummer/i);
  expect(res.text).toContain('Oppfølging i hjemmet');
  expect(await t.db('service_profiles').where({ unit_id: ids.team }).first()).toBeUndefined();
  expect(JSON.stringify(await t.db('audit_log').select('changes'))).not.toContain('01010012356');
});

test('the catalogue is searched by service type, municipality, sector and Norwegian free text with stemming', async () => {
  const korus = await t.client().signIn(ids.korus as number);
  await korus.post(
    `/catalogue/units/${ids.team}`,
    profile({
      offer: 'Bolig og oppfølging i hjemmet for personer med ROP-lidelser.',
      municipalities: 'Askøy',
      contactEmail: '',
      contactPhone: '',
    }),
    `/catalogue/units/${ids.team}/edit`,
  );
  await korus.post(
    `/catalogue/units/${ids.nav}`,
    profile({ offer: 'Arbeid og aktivitet. Vi samarbeider med rusbehandlingen i DPS.', municipalities: 'Øygarden' }),
    `/catalogue/units/${ids.nav}/edit`,
  );
  // Any signed-in person, also from another region, reads the catalogue.
  const reader = await t.client().signIn(ids.outsider as number);
  const base = `/regions/${ids.region}/catalogue`;
  expect(unitsListed((await reader.get(base)).text).sort()).toEqual([ids.tsb, ids.team, ids.nav].sort());
  expect(unitsListed((await reader.get(`${base}?serviceType=addiction`)).text)).toEqual([ids.tsb]);
  expect(unitsListed((await reader.get(`${base}?municipality=${encodeURIComponent('Øygarden')}`)).text)).toEqual([
    ids.nav,
  ]);
  expect(unitsListed((await reader.get(`${base}?sectorId=${ids.sector}`)).text).sort()).toEqual(
    [ids.tsb, ids.team].sort(),
  );
  // "rusbehandling" finds "rusbehandlingen" (NAV), and "rusbehandling" itself (the clinic) best first.
  const stemmed = await reader.get(`${base}?q=rusbehandling`);
  expect(unitsListed(stemmed.text)).toEqual([ids.tsb, ids.nav]);
  expect(unitsListed((await reader.get(`${base}?q=boliger`)).text)).toEqual([ids.team]);
  expect(unitsListed((await reader.get(`${base}?q=ROP-teamet`)).text)).toEqual([ids.team]);
  const none = await reader.get(`${base}?q=kirurgi`);
  expect(unitsListed(none.text)).toEqual([]);
  expect(none.text).toContain('Ingen tjenester passer søket');
  // Stale profiles are KORUS's list, not everyone's.
  expect((await reader.get(base)).text).not.toContain('Profiler som bør sjekkes');
});

test("who's who shows contact details only of those who opted in, and only to fellow members", async () => {
  const sharer = await t.client().signIn(ids.sharer as number);
  const saved = await sharer.post('/me/contact-sharing', { sharesContactDetails: 'on' });
  expect(saved.status).toBe(303);
  expect((await sharer.get('/me')).text).toMatch(/name="sharesContactDetails" checked/);

  const leader = await t.client().signIn(ids.leader as number);
  const page = await leader.get(`/networks/${ids.network}/whos-who`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Siri Deler');
  expect(page.text).toContain('siri@askoy.example');
  expect(page.text).toContain('91234567');
  expect(page.text).toContain('Per Privat');
  expect(page.text).not.toContain('per@helse-bergen.example');
  expect(page.text).not.toContain('98765432');

  const outsider = await t.client().signIn(ids.outsider as number);
  const refused = await outsider.get(`/networks/${ids.network}/whos-who`);
  expect(refused.status).toBe(403);
  expect(refused.text).not.toContain('siri@askoy.example');

  // Changing one's mind takes the details off the page again.
  await sharer.post('/me/contact-sharing', {});
  expect((await leader.get(`/networks/${ids.network}/whos-who`)).text).not.toContain('siri@askoy.example');
  expect(await t.db('audit_log').where({ action: 'changeContactSharing' }).count({ n: '*' }).first()).toEqual({ n: 2 });
});

test('the printable sheet lists the network’s units with their profiles', async () => {
  const member = await t.client().signIn(ids.sharer as number);
  const sheet = await member.get(`/networks/${ids.network}/catalogue/print`);
  expect(sheet.status).toBe(200);
  expect(sheet.text).toContain('Hvem gjør hva i vår sektor');
  expect(sheet.text).toContain('Poliklinisk rusbehandling');
  expect(sheet.text).toContain('Ruspoliklinikken');
  expect(sheet.text).toContain('/static/print.css');
  expect(sheet.text).not.toContain('NAV Øygarden');
});

test('the yearly check: one email over SMTP, a one-click confirm that works once, a forged link refused, never twice a year', async () => {
  await t.db('service_profiles').update({ confirmed_at: t.db.raw("now() - interval '13 months'") });
  const korus = await t.client().signIn(ids.korus as number);
  const stale = await korus.get(`/regions/${ids.region}/catalogue`);
  expect(stale.text).toContain('Profiler som bør sjekkes');
  expect(stale.text.split('Profiler som bør sjekkes')[1]).toContain('Ruspoliklinikken');

  // Through the queue, as the daily cron runs it.
  await t.db.raw("select graphile_worker.add_job('send_service_profile_checks')");
  await waitForQueueDrained(t.db);
  const mails = await smtp.waitForMessages(1);
  const mail = mails.find((m) => m.subject?.includes('Ruspoliklinikken')) as ParsedMail;
  expect(mail).toBeDefined();
  expect(mails).toHaveLength(1); // only the clinic has a manager address
  expect(mail.subject).toBe('Stemmer tjenesteprofilen til Helse Bergen – Ruspoliklinikken?');
  const link = linkIn(mail);
  expect(link).toBeDefined();
  // The token is kept only as a hash, and the link is not kept in the sent message's row.
  const token = link.split('/').pop() as string;
  expect(JSON.stringify(await t.db('service_profile_checks').select())).not.toContain(token);
  expect(JSON.stringify(await t.db('outgoing_emails').select('params', 'secret_params'))).not.toContain(token);

  // No sign-in: the GET shows the profile and a button, and changes nothing.
  const manager = t.client();
  const page = await manager.get(link);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Ja, dette stemmer');
  expect(page.headers['cache-control']).toBe('no-store');
  const before = await t.db('service_profiles').where({ unit_id: ids.tsb }).first('confirmed_at');
  expect(before?.confirmed_at?.getTime()).toBeLessThan(Date.now() - 300 * 24 * 3600 * 1000);

  const confirmed = await manager.post(link, {}, link);
  expect(confirmed.status).toBe(303);
  const after = await manager.get(String(confirmed.headers.location));
  expect(after.text).toContain('Takk! Profilen er bekreftet.');
  expect(after.text).not.toContain('Ja, dette stemmer');
  const row = await t.db('service_profiles').where({ unit_id: ids.tsb }).first('confirmed_at');
  expect(row?.confirmed_at?.getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(
    await t.db('audit_log').where({ action: 'confirmServiceProfile', entity_id: ids.tsb }).first('actor_name'),
  ).toEqual({
    actor_name: 'mona.leder@helse-bergen.example',
  });

  // Reused: refused, and nothing written again.
  const again = await manager.post(link, {}, link);
  expect(again.status).toBe(409);
  expect(again.text).toContain('allerede bekreftet');
  expect(await t.db('audit_log').where({ action: 'confirmServiceProfile' }).count({ n: '*' }).first()).toEqual({
    n: 1,
  });

  // Forged: a 404, with nothing written.
  const forged = `/catalogue/check/${'A'.repeat(43)}`;
  expect((await manager.get(forged)).status).toBe(404);
  expect((await manager.post(forged, {}, link)).status).toBe(404);

  // The same link edits the profile until it expires; the edit is audited under the manager's address.
  const edit = await manager.get(`${link}/edit`);
  expect(edit.status).toBe(200);
  const version = /name="version" value="(\d+)"/.exec(edit.text)?.[1] as string;
  const saved = await manager.post(
    `${link}/edit`,
    profile({ offer: 'Poliklinisk rusbehandling, også gruppetilbud.', version }),
    `${link}/edit`,
  );
  expect(saved.status).toBe(303);
  expect((await t.db('service_profiles').where({ unit_id: ids.tsb }).first('offer'))?.offer).toContain('gruppetilbud');
  expect(
    await t
      .db('audit_log')
      .where({ action: 'updateServiceProfileByLink', actor_name: 'mona.leder@helse-bergen.example' })
      .count({ n: '*' })
      .first(),
  ).toEqual({ n: 1 });
  await t
    .db('service_profile_checks')
    .update({ expires_at: t.db.raw("now() - interval '1 second'"), sent_at: t.db.raw("now() - interval '61 days'") });
  expect((await manager.get(`${link}/edit`)).status).toBe(404);

  // Never twice within the year, even if the profile is stale again.
  await t.db('service_profiles').update({ confirmed_at: t.db.raw("now() - interval '13 months'") });
  expect(await sendProfileChecks(t.db, 'https://samling.test')).toBe(0);
  expect(smtp.messages).toHaveLength(1);
});
