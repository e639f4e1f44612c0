import { startTestApp, type TestApp } from '../support/app';
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
let r1: number;
let r2: number;
beforeAll(async () => {
  t = await startTestApp();
  r1 = await makeRegion(t.db);
  r2 = await makeRegion(t.db);
});
afterAll(() => t.close());

describe('audit log', () => {
  test("a change is logged with who, when and the fields before and after, for that region's admins only", async () => {
    const unitId = await makeUnit(t.db, {
      region_id: r1,
      organisation: 'Bergen kommune',
      name: 'Gammelt navn',
      service_type: 'municipal',
    });
    const admin = await makeKorusAdmin(t.db, r1);
    const client = await t.client().signIn(admin);
    const res = await client.post(`/units/${unitId}`, {
      regionId: String(r1),
      organisation: 'Bergen kommune',
      name: 'Nytt navn',
      serviceType: 'municipal',
      version: '1',
    });
    expect(res.status).toBe(303);
    const entry = await t.db('audit_log').where({ entity_type: 'units', entity_id: unitId, action: 'update' }).first();
    expect(entry.actor_id).toBe(admin);
    expect(entry.changes.name).toEqual({ before: 'Gammelt navn', after: 'Nytt navn' });
    expect(entry.changes.organisation).toBeUndefined();

    const page = await client.get('/audit?entityType=units');
    expect(page.text).toContain('Gammelt navn → Nytt navn');
    const other = await t.client().signIn(await makeKorusAdmin(t.db, r2));
    expect((await other.get('/audit')).text).not.toContain('Gammelt navn');
  });

  test('bad filter values are ignored, not errors', async () => {
    const client = await t.client().signIn(await makeKorusAdmin(t.db, null));
    const res = await client.get('/audit?entityType=<script>&from=2026-13-45&page=abc&regionId=-1');
    expect(res.status).toBe(200);
  });
});

describe('personal data rights', () => {
  test('a participant downloads everything held about them as JSON', async () => {
    const unitId = await makeUnit(t.db, { region_id: r1, organisation: 'NAV', name: 'Oppfølging' });
    const person = await makeParticipant(t.db, { unit_id: unitId, name: 'Per Person', email: 'per@nav.example' });
    const network = await makeNetwork(t.db, {
      sector_id: await makeSector(t.db, { region_id: r1 }),
      name: 'ROP-nettverk Voss',
    });
    await makeMembership(t.db, { network_id: network, participant_id: person });
    const client = await t.client().signIn(person);
    const res = await client.get('/me/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.body.person).toMatchObject({ name: 'Per Person', email: 'per@nav.example', unit: 'Oppfølging' });
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ network: 'ROP-nettverk Voss', role: 'participant' }),
    ]);
  });

  test("asking for erasure is recorded and shown to the region's admin, who erases the person but keeps the counts", async () => {
    const unitId = await makeUnit(t.db, { region_id: r1 });
    const person = await makeParticipant(t.db, {
      unit_id: unitId,
      name: 'Eva Sletting',
      email: 'eva@kommune.example',
      phone: '+47 900 00 000',
    });
    const network = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: r1 }) });
    await makeMembership(t.db, { network_id: network, participant_id: person });
    const self = await t.client().signIn(person);
    expect((await self.post('/me/erasure-request', {})).status).toBe(303);
    expect((await self.get('/me')).text).toContain('KORUS behandler forespørselen');

    const admin = await t.client().signIn(await makeKorusAdmin(t.db, r1));
    const page = await admin.get(`/participants/${person}`);
    expect(page.text).toContain('Personen ba om sletting');
    expect((await admin.post(`/participants/${person}/erase`, {})).status).toBe(303);

    const row = await t.db('participants').where({ id: person }).first();
    expect(row).toMatchObject({ name: 'Slettet person', phone: '' });
    expect(row.email).not.toContain('eva');
    expect(row.erased_at).not.toBeNull();
    expect(await t.db('memberships').where({ participant_id: person }).count({ n: '*' }).first()).toEqual({ n: 1 });
    // The erased person is signed out everywhere.
    expect((await self.get('/me')).status).toBe(303);
    const audit = await t.db('audit_log').where({ entity_type: 'participants', entity_id: person });
    expect(JSON.stringify(audit)).not.toContain('Eva');
  });

  test("another region's admin cannot erase the person", async () => {
    const person = await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: r1 }) });
    const outsider = await t.client().signIn(await makeKorusAdmin(t.db, r2));
    expect((await outsider.post(`/participants/${person}/erase`, {})).status).toBe(403);
    expect((await t.db('participants').where({ id: person }).first()).erased_at).toBeNull();
  });
});
