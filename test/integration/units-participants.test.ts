import { fieldError, inputValue, startTestApp, type TestApp } from '../support/app';
import { makeParticipant, makeRegion, makeUnit, makeKorusAdmin } from '../support/factories';

let t: TestApp;
let adminId: number;
const asAdmin = () => t.client().signIn(adminId);
let regionId: number;
beforeAll(async () => {
  t = await startTestApp();
  adminId = await makeKorusAdmin(t.db, null);
  regionId = await makeRegion(t.db, { name: 'Vestland nord' });
});
afterAll(() => t.close());

describe('units', () => {
  const good = () => ({
    regionId: String(regionId),
    organisation: 'Alver kommune',
    name: 'Psykisk helse og rus',
    serviceType: 'municipal',
    address: 'Alverflaten 1, 5911 Alversund',
    canHost: 'on',
    managerName: 'Mona Leiar',
    managerEmail: 'mona@alver.kommune.example',
  });

  test('a unit is created with its service type, hosting ability and manager contact', async () => {
    const res = await (await asAdmin()).post('/units', good(), '/units/new');
    expect(res.status).toBe(303);
    const unit = await t.db('units').where({ name: 'Psykisk helse og rus' }).first();
    expect(unit).toMatchObject({
      service_type: 'municipal',
      can_host: true,
      manager_email: 'mona@alver.kommune.example',
    });
  });

  test('an unchecked "can host" box stores false', async () => {
    const { canHost: _omit, ...withoutHosting } = good();
    const res = await (await asAdmin()).post('/units', { ...withoutHosting, name: 'NAV Alver' }, '/units/new');
    expect(res.status).toBe(303);
    expect((await t.db('units').where({ name: 'NAV Alver' }).first())!.can_host).toBe(false);
  });

  test('an unknown service type and a bad manager email are shown at their fields', async () => {
    const res = await (await asAdmin()).post(
      '/units',
      { ...good(), name: 'Feil', serviceType: 'hospital', managerEmail: 'ikke-en-epost' },
      '/units/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'serviceType')).toBe('Velg et av alternativene.');
    expect(fieldError(res.text, 'managerEmail')).toBe('Skriv en gyldig e-postadresse, for eksempel navn@kommune.no.');
    expect(inputValue(res.text, 'managerEmail')).toBe('ikke-en-epost');
  });

  test('the list filters by service type and search text, and pages through results', async () => {
    for (let i = 0; i < 30; i += 1)
      await makeUnit(t.db, {
        region_id: regionId,
        organisation: 'Helse Bergen',
        name: `Poliklinikk ${String(i).padStart(2, '0')}`,
        service_type: 'mentalHealth',
      });
    const client = await asAdmin();
    const first = await client.get('/units?serviceType=mentalHealth&q=poliklinikk');
    expect(first.text).toContain('30 treff – side 1 av 2');
    expect(first.text).toContain('Poliklinikk 00');
    expect(first.text).not.toContain('Alver kommune – Psykisk helse og rus');
    const second = await client.get('/units?serviceType=mentalHealth&q=poliklinikk&page=2');
    expect(second.text).toContain('Poliklinikk 29');
    expect(second.text).not.toContain('Poliklinikk 00');
    const odd = await client.get('/units?serviceType=nonsense&page=-4&regionId=x');
    expect(odd.status).toBe(200);
  });
});

describe('participants', () => {
  let unitId: number;
  beforeAll(async () => {
    unitId = await makeUnit(t.db, {
      region_id: regionId,
      organisation: 'NAV Bergenhus',
      name: 'Oppfølging',
      service_type: 'welfare',
    });
  });
  const good = () => ({
    unitId: String(unitId),
    name: 'Nora Nav',
    email: 'Nora.Nav@NAV.example',
    phone: '+47 912 34 567',
    profession: 'navAdviser',
    language: 'nn',
  });

  test('a participant is created; the email is stored in lower case', async () => {
    const res = await (await asAdmin()).post('/participants', good(), '/participants/new');
    expect(res.status).toBe(303);
    expect(await t.db('participants').where({ email: 'nora.nav@nav.example' }).first()).toMatchObject({
      profession: 'navAdviser',
      language: 'nn',
    });
  });

  test('an email that exists (in any case) is a message at the email field, not a 500', async () => {
    await makeParticipant(t.db, { unit_id: unitId, email: 'finnes@nav.example' });
    const res = await (await asAdmin()).post(
      '/participants',
      { ...good(), email: 'FINNES@nav.example' },
      '/participants/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'email')).toBe('Det finnes allerede en deltaker med denne e-postadressen.');
    expect(inputValue(res.text, 'name')).toBe('Nora Nav');
  });

  test('bad values for each field are reported, with nothing stored', async () => {
    const before = (await t.db('participants').count({ n: '*' }).first())?.n;
    const res = await (await asAdmin()).post(
      '/participants',
      { unitId: '0', name: '', email: 'x@', phone: 'ring meg', profession: 'astronaut', language: 'sv' },
      '/participants/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'unitId')).toBe('Velg et av alternativene.');
    expect(fieldError(res.text, 'name')).toBe('Fyll ut feltet.');
    expect(fieldError(res.text, 'email')).toMatch(/gyldig e-postadresse/);
    expect(fieldError(res.text, 'phone')).toMatch(/gyldig telefonnummer/);
    expect(fieldError(res.text, 'profession')).toBe('Velg et av alternativene.');
    expect((await t.db('participants').count({ n: '*' }).first())?.n).toBe(before);
  });

  test('search finds people by part of the name or email; archived people are hidden unless asked for', async () => {
    const id = await makeParticipant(t.db, {
      unit_id: unitId,
      name: 'Synnøve Søkbar',
      email: 'synnove@bergen.kommune.example',
    });
    const client = await asAdmin();
    expect((await client.get('/participants?q=søkbar')).text).toContain('Synnøve Søkbar');
    expect((await client.get('/participants?q=synnove%40bergen')).text).toContain('Synnøve Søkbar');
    expect((await client.post(`/participants/${id}/archive`, {})).status).toBe(303);
    expect((await client.get('/participants?q=søkbar')).text).not.toContain('Synnøve Søkbar');
    expect((await client.get('/participants?q=søkbar&archived=on')).text).toContain('Synnøve Søkbar');
  });

  test('a search term with SQL or LIKE wildcards is treated as text', async () => {
    const res = await (await asAdmin()).get(`/participants?q=${encodeURIComponent("%' or 1=1 --")}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Ingen deltakere passer søket.');
  });
});

describe('privacy guard on every text field', () => {
  test('a national identity number in any text field is refused with a message at that field, and nothing is stored', async () => {
    const client = await asAdmin();
    const before = (await t.db('units').count({ n: '*' }).first())?.n;
    const res = await client.post(
      '/units',
      {
        regionId: String(regionId),
        organisation: 'Bergen kommune',
        name: 'Team',
        serviceType: 'municipal',
        address: 'Pasient 010100 12356 bor her',
      },
      '/units/new',
    );
    expect(res.status).toBe(422);
    expect(fieldError(res.text, 'address')).toMatch(/fødselsnummer eller D-nummer/);
    expect(inputValue(res.text, 'address')).toBe('Pasient 010100 12356 bor her');
    expect((await t.db('units').count({ n: '*' }).first())?.n).toBe(before);
  });

  test('a number with wrong check digits (a phone number, say) passes', async () => {
    const res = await (await asAdmin()).post(
      '/units',
      {
        regionId: String(regionId),
        organisation: 'Bergen kommune',
        name: 'Team 01010012357',
        serviceType: 'municipal',
      },
      '/units/new',
    );
    expect(res.status).toBe(303);
  });
});
