import { fieldError, inputValue, startTestApp, type TestApp } from '../support/app';
import { makeRegion, makeSector, makeKorusAdmin } from '../support/factories';

let t: TestApp;
let adminId: number;
const asAdmin = () => t.client().signIn(adminId);
beforeAll(async () => {
  t = await startTestApp();
  adminId = await makeKorusAdmin(t.db, null);
});
afterAll(() => t.close());

describe('regions', () => {
  test('a KORUS user creates a region and lands on its page', async () => {
    const client = await asAdmin();
    const res = await client.post('/regions', { name: 'Vestland sør', korusCentre: 'KORUS Vest Bergen' });
    expect(res.status).toBe(303);
    const page = await client.get(res.headers.location as string);
    expect(page.text).toContain('<h1 class="ds-heading" data-size="lg">Vestland sør');
    expect(page.text).toContain('Opprettet.');
  });

  test('a missing name re-renders the form with 422, the input kept and a Norwegian message at the field', async () => {
    const before = await t.db('regions').count({ n: '*' }).first();
    const res = await (await asAdmin()).post('/regions', { name: '   ', korusCentre: 'KORUS <Bergen>' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'name')).toBe('Fyll ut feltet.');
    expect(inputValue(res.text, 'korusCentre')).toBe('KORUS &lt;Bergen&gt;');
    expect(res.text).toContain('Rett opp dette før du går videre');
    expect(await t.db('regions').count({ n: '*' }).first()).toEqual(before);
  });

  test('a duplicate name (any case) gets a message at the field, not a 500', async () => {
    await makeRegion(t.db, { name: 'Duplikat' });
    const res = await (await asAdmin()).post('/regions', { name: 'duplikat', korusCentre: 'KORUS Vest Bergen' });
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'name')).toBe('Det finnes allerede en region med dette navnet.');
  });

  test('an edit from a stale form is refused with a message and changes nothing', async () => {
    const id = await makeRegion(t.db, { name: 'Gammelt navn' });
    const client = await asAdmin();
    const first = await client.post(`/regions/${id}`, { name: 'Første endring', korusCentre: 'KORUS', version: '1' });
    expect(first.status).toBe(303);
    const second = await client.post(`/regions/${id}`, { name: 'Andre endring', korusCentre: 'KORUS', version: '1' });
    expect(second.status).toBe(409);
    expect(second.text).toContain('Noen andre har endret dette');
    expect(inputValue(second.text, 'name')).toBe('Andre endring');
    expect((await t.db('regions').where({ id }).first())!.name).toBe('Første endring');
  });

  test('the region page lists its sectors; archiving hides the region from the list', async () => {
    const id = await makeRegion(t.db, { name: 'Arkivregion' });
    await makeSector(t.db, { region_id: id, name: 'Voss DPS', municipalities: ['Voss', 'Ulvik'] });
    const client = await asAdmin();
    const page = await client.get(`/regions/${id}`);
    expect(page.text).toContain('Voss DPS');
    expect(page.text).toContain('Voss, Ulvik');
    const archived = await client.post(`/regions/${id}/archive`, {});
    expect(archived.status).toBe(303);
    expect((await client.get('/regions')).text).not.toContain('Arkivregion');
    expect((await client.get('/regions?archived=on')).text).toContain('Arkivregion');
  });

  test('unknown and malformed ids give the 404 page', async () => {
    const client = await asAdmin();
    for (const path of ['/regions/999999', '/regions/abc', '/regions/1e99/edit', '/nowhere']) {
      const res = await client.get(path);
      expect(res.status).toBe(404);
      expect(res.text).toContain('Fant ikke siden');
    }
  });

  test('a form posted without a CSRF token is refused and writes nothing', async () => {
    const res = await (await asAdmin()).agent
      .post('/regions')
      .type('form')
      .send({ name: 'Uten token', korusCentre: 'KORUS' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Skjemaet er utløpt');
    expect(await t.db('regions').where({ name: 'Uten token' }).first()).toBeUndefined();
  });
});
