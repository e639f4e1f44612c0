import { startTestApp, type TestApp, csrfIn } from '../support/app';
import { startSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';
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
    expect(entry!.actor_id).toBe(admin);
    const changes = entry!.changes as Record<string, unknown>;
    expect(changes.name).toEqual({ before: 'Gammelt navn', after: 'Nytt navn' });
    expect(changes.organisation).toBeUndefined();

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
    const [g] = await t
      .db('gatherings')
      .insert({
        starts_at: new Date('2026-03-12T11:00:00Z'),
        ends_at: new Date('2026-03-12T14:00:00Z'),
        format: 'physical',
        status: 'planned',
        topic: 'Samtykke',
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: network });
    await t.db('invitations').insert({ gathering_id: g!.id, participant_id: person, sent_version: 1, answer: 'yes' });
    await t.db('attendances').insert({ gathering_id: g!.id, participant_id: person });
    await t
      .db('evaluation_requests')
      .insert({ gathering_id: g!.id, participant_id: person, token_hash: Buffer.alloc(32, 7) });
    await t.db('audit_log').insert({
      actor_name: 'Liv Leder',
      action: 'update',
      entity_type: 'participants',
      entity_id: person,
      region_id: r1,
      changes: JSON.stringify({ phone: { before: '', after: '55 55 55 55' } }),
    });
    const client = await t.client().signIn(person);
    const res = await client.get('/me/export');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    expect(res.body.person).toMatchObject({ name: 'Per Person', email: 'per@nav.example', unit: 'Oppfølging' });
    expect(res.body.memberships).toEqual([
      expect.objectContaining({ network: 'ROP-nettverk Voss', role: 'participant' }),
    ]);
    // Everything else stored about them: invitations and answers, attendance, that they were
    // asked to evaluate (never an answer), and the changes others made to their details.
    expect(res.body.invitations).toEqual([expect.objectContaining({ topic: 'Samtykke', answer: 'yes' })]);
    expect(res.body.attendance).toEqual([expect.objectContaining({ topic: 'Samtykke', stand_in: false })]);
    expect(res.body.evaluationRequests).toEqual([expect.objectContaining({ topic: 'Samtykke' })]);
    expect(res.body.changesAboutThem).toEqual([
      expect.objectContaining({ action: 'update', actor_name: 'Liv Leder' }),
      // Their own sign-in, named.
      expect.objectContaining({ action: 'signIn', actor_name: 'Per Person' }),
    ]);
    expect(res.headers['cache-control']).toBe('no-store');
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
    expect(row).toMatchObject({ name: 'Sletta person', phone: '' });
    expect(row!.email).not.toContain('eva');
    expect(row!.erased_at).not.toBeNull();
    expect(await t.db('memberships').where({ participant_id: person }).count({ n: '*' }).first()).toEqual({ n: 1 });
    // The erased person is signed out everywhere.
    expect((await self.get('/me')).status).toBe(303);
    const audit = await t.db('audit_log').where({ entity_type: 'participants', entity_id: person });
    expect(JSON.stringify(audit)).not.toContain('Eva');
    // The network's members read "Sletta person", right in nynorsk as in bokmål.
    await admin.post('/language', { lang: 'nn', returnTo: `/networks/${network}/members` }, '/me');
    const members = (await admin.get(`/networks/${network}/members`)).text;
    expect(members).toContain('Sletta person');
    expect(members).not.toContain('Slettet');
  });

  test("another region's admin cannot erase the person", async () => {
    const person = await makeParticipant(t.db, { unit_id: await makeUnit(t.db, { region_id: r1 }) });
    const outsider = await t.client().signIn(await makeKorusAdmin(t.db, r2));
    expect((await outsider.post(`/participants/${person}/erase`, {})).status).toBe(403);
    expect((await t.db('participants').where({ id: person }).first())!.erased_at).toBeNull();
  });
});

test("after erasure no text column of any table holds the person's name or address: not the messages sent to or about them, the audit log or the rate limits", async () => {
  const unitId = await makeUnit(t.db, { region_id: r1 });
  const name = 'Sissel Sporløs';
  const email = 'sissel.sporlos@kommune.example';
  const person = await makeParticipant(t.db, { unit_id: unitId, name, email });
  const member = await makeParticipant(t.db, { unit_id: unitId, name: 'Mona Medlem' });
  const network = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: r1 }) });
  await makeMembership(t.db, { network_id: network, participant_id: person, role: 'leader' });
  await makeMembership(t.db, { network_id: network, participant_id: member });
  const year = new Date().getUTCFullYear() + 1;
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: new Date(`${year}-03-11T11:00:00Z`),
      ends_at: new Date(`${year}-03-11T14:00:00Z`),
      format: 'physical',
      status: 'planned',
      venue: 'Sted',
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: network });
  await t.db('year_plans').insert({ network_id: network, year, accepted_by: person });
  // As leader she sends the invitations (she is the organiser in everyone's calendar file and the
  // reply-to address), edits a member (an audit entry with her name), and asks for a sign-in link.
  const leader = await t.client().signIn(person);
  const send = `/networks/${network}/plan/send?year=${year}`;
  expect((await leader.post(`/networks/${network}/plan/send`, { year: String(year) }, send)).status).toBe(303);
  const anonymous = t.client();
  const csrf = csrfIn((await anonymous.get('/login')).text);
  await anonymous.agent.post('/login').type('form').send({ email, _csrf: csrf });
  // The queue mails the link and the invitations (its job for the sign-in link carries the address until then).
  const smtp = await startSmtpServer();
  const worker = await startTestWorker(t.url, smtp.url);
  try {
    await smtp.waitForMessages(3);
  } finally {
    await worker.stop();
    await smtp.close();
  }
  const textColumns = async () =>
    (
      await t.db.raw(
        `select table_schema as "schema", table_name as "table", column_name as "column"
           from information_schema.columns
          where table_schema in ('public', 'graphile_worker')
            and data_type in ('text', 'character varying', 'json', 'jsonb')`,
      )
    ).rows as { schema: string; table: string; column: string }[];
  const holding = async () => {
    const found: string[] = [];
    for (const { schema, table, column } of await textColumns()) {
      const { rows } = await t.db.raw(
        'select count(*)::int as n from ??.?? where ??::text ilike ? or ??::text ilike ?',
        [schema, table, column, `%${name}%`, column, `%${email}%`],
      );
      if (rows[0].n > 0) found.push(`${schema}.${table}.${column}`);
    }
    return found.sort();
  };
  // The check can tell: before erasure her name and address are in several places besides her own row.
  expect(
    (await holding()).filter((c) => c !== 'public.participants.name' && c !== 'public.participants.email').length,
  ).toBeGreaterThan(1);

  const admin = await t.client().signIn(await makeKorusAdmin(t.db, r1));
  expect((await admin.post(`/participants/${person}/erase`, {})).status).toBe(303);
  expect(await holding()).toEqual([]);
});
