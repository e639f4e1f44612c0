import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from '../support/app';
import { oyaneYear, yearStory } from '../support/year';
import { makeMember, makeNetwork, makeNetworkInRegion, makeSector, makeUnit } from '../support/factories';

// A year of one network, built as it happens (oyaneYear, test/support/year.ts): invitations and
// answers, agendas published on time or late, attendance registered by the leader (with a
// stand-in and a guest), evaluations. Every figure below was worked out by hand from this story.
const YEAR = DateTime.now().setZone('Europe/Oslo').year - 1;

let t: TestApp;
let story: ReturnType<typeof yearStory>;
let regionId: number;
let networkId: number;
let leaderlessId: number;
let admin: number;
const p: Record<string, number> = {};
const g: Record<string, number> = {};
const units: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp({ BASE_URL: 'https://samling.test' });
  story = yearStory(t, YEAR);
  const year = await oyaneYear(t, story);
  ({ regionId, networkId, leaderlessId, admin } = year);
  Object.assign(p, year.p);
  Object.assign(g, year.g);
  Object.assign(units, year.units);
});
afterAll(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test("the network page shows the year's figures as worked out by hand", async () => {
  const page = await (await t.client().signIn(p.leader as number)).get(`/networks/${networkId}/figures?year=${YEAR}`);
  expect(page.status).toBe(200);
  const figures = text(/<dl class="figures"[\s\S]*?<\/dl>/.exec(page.text)?.[0] ?? '');
  // 4 planned, 3 held, 1 cancelled; physical: March and September (the cancelled hybrid does not count).
  expect(figures).toContain('Planlagt 4 Holdt 3 Avlyst 1 Fysiske 2');
  // Agendas: March and September on time, June late; the cancelled one is not counted.
  expect(figures).toContain('Agenda i tide 2/3');
  // Attendance: March 3/4, June 3/4 (Sigrid fills Cecilie's seat), September 4/4 → (75 + 75 + 100) / 3.
  expect(figures).toContain('Oppmøte 83 %');
  // Continuity: the leader and Anna came to all three themselves; Bjørn to two, Cecilie to one (a stand-in is not her).
  expect(figures).toContain('Kontinuitet 50 % (2/4)');
  // Evaluation: only gatherings whose results are shown count (June's two answers never do, not
  // even in the year's figure, where they could be worked out): (4 + 5 + 3 + 2 + 3 + 4) / 6 = 21 / 6.
  expect(figures).toContain('Nytte (1–5) 3,5 (6 svar)');
  const row = (key: string) =>
    text(new RegExp(`<tr data-gathering="${g[key]}"[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? '');
  expect(row('march')).toMatch(/I tide 3 av 4 75 %.*4,0/);
  expect(row('june')).toMatch(
    /For sent 3 av 4 Stedfortredere: 1 75 %.*Mangler: Rusbehandling \(TSB\) Yrker: Psykolog \(1\), Sosionom \(2\) Under 3 svar/,
  );
  expect(row('september')).toMatch(/I tide 4 av 4 Gjester: 1 100 % .*NAV \(1\).*3,0/);
  expect(page.text).toContain('<svg');
  expect(page.text).toContain('id="attendance-chart-title"');
});

test("the KORUS overview shows each network of the admin's region with its status and reasons", async () => {
  const page = await (await t.client().signIn(admin)).get(`/overview?year=${YEAR}`);
  expect(page.status).toBe(200);
  const row = (id: number) => text(new RegExp(`<tr data-network="${id}"[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? '');
  expect(row(networkId)).toBe(
    ' ROP-nettverk Øyane Øyane DPS · Vestland nord Gul agenda for sent, mangler tjenester på samling 3 av 4 holdt 1 avlyst 2 2/3 83 % 50 % 3,5 6 svar 0/3 0 ',
  );
  expect(row(leaderlessId)).toContain('Rød mangler leder, mangler årsplan');
  expect(page.text).not.toContain('ROP-nettverk Haugesund');
  expect(text(page.text)).toContain('2 nettverk: 0 grønne, 1 gule, 1 røde.');
  const filtered = await (await t.client().signIn(admin)).get(`/overview?year=${YEAR}&kind=learning`);
  expect(filtered.text).toContain('Ingen nettverk passer med filteret.');
});

test('the CSV opens right in Norwegian Excel: UTF-8 with BOM, semicolons, the same figures', async () => {
  const csv = await (await t.client().signIn(admin))
    .get(`/overview.csv?year=${YEAR}`)
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  const body = csv.body as Buffer;
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = body.toString('utf8').slice(1).split('\r\n');
  expect(lines[0]).toBe(
    'Region;DPS-sektor;Nettverk;Type;Status;Grunner;Planlagt;Holdt;Avlyst;Fysiske;Agenda i tide;Agenda forfalt;Oppmøte (%);Kontinuitet (%);Evalueringssvar;Nytte (1–5);Samhandlingsarena;Pasienter med kriseplan;FACT-team',
  );
  expect(lines).toContain(
    'Vestland nord;Øyane DPS;ROP-nettverk Øyane;Lokalt ROP-nettverk;Gul;agenda for sent, mangler tjenester på samling;4;3;1;2;2;3;83;50;6;3,5;;;',
  );
  // The sector's regional indicators (none registered in this year) close each row; see reports.test.ts.
});

test("only KORUS admins see the overview; a leader sees their own network's figures only", async () => {
  expect((await (await t.client().signIn(p.leader as number)).get('/overview')).status).toBe(403);
  expect((await (await t.client().signIn(p.leader as number)).get(`/networks/${leaderlessId}/figures`)).status).toBe(
    403,
  );
  expect((await (await t.client().signIn(p.anna as number)).get(`/networks/${networkId}/figures`)).status).toBe(403);
});

test('the overview costs the same number of queries for 2 networks as for 22', async () => {
  const client = await t.client().signIn(admin);
  const queries = async () => {
    let count = 0;
    const listener = () => (count += 1);
    t.db.on('query', listener);
    await client.get(`/overview?year=${YEAR}`);
    t.db.off('query', listener);
    return count;
  };
  const before = await queries();
  const sectorId = await makeSector(t.db, { region_id: regionId });
  for (let i = 0; i < 20; i++) {
    const id = await makeNetwork(t.db, { sector_id: sectorId, name: `Nettverk ${i}` });
    const [row] = await t
      .db('gatherings')
      .insert({
        starts_at: story.at('05-05'),
        ends_at: story.at('05-05', '15:00'),
        format: 'physical',
        status: 'planned',
        attendance_recorded_at: new Date(),
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: row!.id, network_id: id });
  }
  expect(await queries()).toBe(before);
});

test("at a joint fagdag, each network's continuity counts its own fixed participants only", async () => {
  const sectorId = await makeSector(t.db, { region_id: regionId, name: 'Fagdag-sektor' });
  const unit = await makeUnit(t.db, { region_id: regionId });
  const networks = [
    await makeNetwork(t.db, { sector_id: sectorId, name: 'Fagdag A' }),
    await makeNetwork(t.db, { sector_id: sectorId, name: 'Fagdag B' }),
  ];
  const people: number[] = [];
  for (const [i, network] of [networks[0], networks[0], networks[1], networks[1], networks[1]].entries()) {
    people.push(
      await makeMember(t.db, network as number, {
        unit_id: unit,
        name: `Fagdag ${i}`,
        role: i === 0 || i === 2 ? 'leader' : 'participant',
      }),
    );
  }
  const [fagdag] = await t
    .db('gatherings')
    .insert({
      starts_at: story.at('10-15'),
      ends_at: story.at('10-15', '16:00'),
      kind: 'fagdag',
      format: 'physical',
      status: 'planned',
    })
    .returning('id');
  await t
    .db('gathering_networks')
    .insert(networks.map((network) => ({ gathering_id: fagdag!.id, network_id: network })));
  await t
    .db('invitations')
    .insert(people.map((participant) => ({ gathering_id: fagdag!.id, participant_id: participant, sent_version: 1 })));
  // A joint fagdag is KORUS's (accounts/policy.ts, canEditGathering): the admin registers who came.
  const korus = await t.client().signIn(admin);
  expect(
    (
      await korus.post(
        `/gatherings/${fagdag!.id}/attendance`,
        { present: people.slice(0, 4).map(String) },
        `/gatherings/${fagdag!.id}/attendance`,
      )
    ).status,
  ).toBe(303);
  const figures = async (network: number) =>
    text(
      /<dl class="figures"[\s\S]*?<\/dl>/.exec(
        (await (await t.client().signIn(admin)).get(`/networks/${network}/figures?year=${YEAR}`)).text,
      )?.[0] ?? '',
    );
  // The gathering's attendance is everyone's (4 of 5); continuity is each network's own people.
  expect(await figures(networks[0] as number)).toContain('Oppmøte 80 % Kontinuitet 100 % (2/2)');
  expect(await figures(networks[1] as number)).toContain('Oppmøte 80 % Kontinuitet 67 % (2/3)');
});

test('the network page shows how hosting, presenting and cases were shared among the member units this year', async () => {
  await t.db('network_units').insert(Object.values(units).map((unit) => ({ network_id: networkId, unit_id: unit })));
  await t
    .db('gatherings')
    .whereIn('id', [g.march as number, g.september as number])
    .update({ host_unit_id: units.phv });
  await t.db('gathering_presenters').insert([
    { gathering_id: g.march, unit_id: units.municipal },
    { gathering_id: g.september, unit_id: units.municipal },
    { gathering_id: g.june, unit_id: units.tsb },
  ]);
  await t.db('gatherings').where({ id: g.june }).update({ case_unit_id: units.municipal });
  // The cancelled November gathering's duties do not count.
  await t.db('gathering_presenters').insert({ gathering_id: g.november, unit_id: units.tsb });
  await t.db('gatherings').where({ id: g.november }).update({ case_unit_id: units.phv });
  const page = await (await t.client().signIn(p.leader as number)).get(`/networks/${networkId}/figures?year=${YEAR}`);
  const rows = [
    ...(/<table[^>]*id="duty-table"[\s\S]*?<\/table>/.exec(page.text)?.[0] ?? '').matchAll(
      /<tr><th scope="row">([\s\S]*?)<\/tr>/g,
    ),
  ].map((m) => text(m[1] as string).trim());
  expect(rows).toEqual([
    'Bergen kommune – Rusbehandling Knarvik Rusbehandling (TSB) 0 1 0',
    'Bergen kommune – Rusteam Alver Kommune 0 2 1',
    'Bergen kommune – Øyane DPS poliklinikk Psykisk helsevern 2 0 0',
  ]);
});

test('a network counts only in the years of its period: one starting next year is not red this year', async () => {
  const next = await makeNetworkInRegion(t.db, regionId, {
    name: 'ROP-nettverk Neste år',
    starts_on: `${YEAR + 1}-01-01`,
  });
  const admin2 = await t.client().signIn(admin);
  const inYear = async (year: number) =>
    (await admin2.get(`/overview?year=${year}`)).text.includes(`data-network="${next}"`);
  expect(await inYear(YEAR)).toBe(false);
  expect(await inYear(YEAR + 1)).toBe(true);
  await t.db('networks').where({ id: next }).update({ archived_at: new Date() });
});
