import { DateTime } from 'luxon';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { formatDate } from '../../src/kernel/dates';
import { startTestApp, fieldError, type TestApp } from '../support/app';
import { artifact, browserAvailable, launchBrowser } from '../support/browser';
import { makeKorusAdmin, makeMember, makeNetwork, makeSector } from '../support/factories';
import { listen } from '../support/server';
import { oyaneYear, yearStory } from '../support/year';

// Helse Vest's regional indicators and the printable annual reports. The year is the one in
// overview.test.ts (a network built through the app, figures worked out by hand), plus a second
// sector whose network met every part of the model, so the summary counts differ per check.
const YEAR = DateTime.now().setZone('Europe/Oslo').year - 1;

let t: TestApp;
let story: ReturnType<typeof yearStory>;
let regionId: number;
let sectorId: number;
let goodSectorId: number;
let networkId: number;
let leaderlessId: number;
let goodId: number;
let admin: number;
let otherAdmin: number;
const p: Record<string, number> = {};
const g: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp({ BASE_URL: 'https://samling.test' });
  story = yearStory(t, YEAR);
  const at = story.at;
  // Øyane's year, as in overview.test.ts; Fjell's sector and network beside it, and an admin of the other region.
  const year = await oyaneYear(t, story);
  ({ regionId, sectorId, networkId, leaderlessId, admin } = year);
  Object.assign(p, year.p);
  Object.assign(g, year.g);
  const { municipal, phv, tsb } = year.units;
  goodSectorId = await makeSector(t.db, { region_id: regionId, name: 'Fjell DPS' });
  goodId = await makeNetwork(t.db, { sector_id: goodSectorId, name: 'ROP-nettverk Fjell' });
  otherAdmin = await makeKorusAdmin(t.db, year.otherRegionId);

  // Fjell met the whole model: four physical gatherings, agendas three weeks ahead, all three
  // services at every one, everyone came, three answers each (usefulness 4).
  const fjell = [] as number[];
  for (const key of ['m', 'h', 'a'] as const) {
    fjell.push(
      await makeMember(t.db, goodId, {
        unit_id: key === 'm' ? municipal : key === 'h' ? phv : tsb,
        name: `Fjell ${key}`,
        profession: key === 'm' ? 'socialWorker' : key === 'h' ? 'psychiatrist' : 'nurse',
        role: key === 'h' ? 'leader' : 'participant',
      }),
    );
  }
  p.fjellLeader = fjell[1] as number;
  await t.db('year_plans').insert({ network_id: goodId, year: YEAR, accepted_by: p.fjellLeader });
  for (const date of ['02-05', '04-09', '09-03', '11-05']) {
    const [row] = await t
      .db('gatherings')
      .insert({
        starts_at: at(date),
        ends_at: at(date, '15:00'),
        format: 'physical',
        status: 'planned',
        venue: 'Fjell DPS',
        topic: 'Pasientforløp',
        attendance_recorded_at: at(date, '16:00'),
      })
      .returning('id');
    await t.db('gathering_networks').insert({ gathering_id: row!.id, network_id: goodId });
    await t
      .db('invitations')
      .insert(fjell.map((id) => ({ gathering_id: row!.id, participant_id: id, sent_version: 1, answer: 'yes' })));
    await t.db('attendances').insert(fjell.map((id) => ({ gathering_id: row!.id, participant_id: id })));
    await story.publishAgenda(row!.id, 21);
    await story.evaluate(row!.id, [4, 4, 4]);
  }
});
afterAll(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const indicatorRow = () => t.db('sector_indicators').where({ sector_id: sectorId, year: YEAR }).first();
const indicators = (fields: Record<string, string>) => ({
  year: String(YEAR),
  hasCollaborationArena: 'on',
  crisisPlanPatients: '',
  factTeams: '',
  version: '0',
  ...fields,
});
const indicatorsPage = `/overview/indicators?year=${YEAR}`;

describe('regional indicators', () => {
  test("a KORUS admin registers a sector's indicators; the overview and the CSV show them", async () => {
    const client = await t.client().signIn(admin);
    const page = await client.get(indicatorsPage);
    expect(page.status).toBe(200);
    // The region defaults to the admin's own; every sector has its own small form.
    expect(text(page.text)).toContain(`Regionale indikatorer for Vestland nord ${YEAR}`);
    expect(page.text).toContain(`action="/sectors/${sectorId}/indicators"`);
    expect(page.text).toContain(`action="/sectors/${goodSectorId}/indicators"`);
    expect(page.text).not.toContain('Haugesund DPS');

    const saved = await client.post(
      `/sectors/${sectorId}/indicators`,
      indicators({ crisisPlanPatients: '42', factTeams: '' }),
      indicatorsPage,
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/overview/indicators?region=${regionId}&year=${YEAR}#sector-${sectorId}`);
    expect(await indicatorRow()).toMatchObject({
      has_collaboration_arena: true,
      crisis_plan_patients: 42,
      fact_teams: null,
      version: 1,
    });
    const audit = await t.db('audit_log').where({ entity_type: 'sector_indicators', entity_id: sectorId }).first();
    expect(audit).toMatchObject({ action: 'create', actor_id: admin, region_id: regionId });
    expect(audit!.changes).toMatchObject({
      crisisPlanPatients: { before: null, after: 42 },
      hasCollaborationArena: { before: null, after: true },
    });

    // The form now carries version 1; an update bumps it.
    const again = await client.get(indicatorsPage);
    expect(again.text).toMatch(
      new RegExp(
        `id="field-s${sectorId}-crisisPlanPatients" name="crisisPlanPatients" type="text" inputmode="numeric" value="42"`,
      ),
    );
    expect(
      (
        await client.post(
          `/sectors/${sectorId}/indicators`,
          indicators({ crisisPlanPatients: '42', factTeams: '3', version: '1' }),
          indicatorsPage,
        )
      ).status,
    ).toBe(303);
    expect(await indicatorRow()).toMatchObject({ crisis_plan_patients: 42, fact_teams: 3, version: 2 });

    const overview = await client.get(`/overview?year=${YEAR}`);
    const row = (id: number) =>
      text(new RegExp(`<tr data-sector="${id}"[\\s\\S]*?</tr>`).exec(overview.text)?.[0] ?? '');
    expect(row(sectorId)).toBe(' Øyane DPS Vestland nord ✓ Ja 42 3 Registrer indikatorer – Øyane DPS ');
    expect(row(goodSectorId)).toBe(' Fjell DPS Vestland nord Ikke registrert – – Registrer indikatorer – Fjell DPS ');
    expect(overview.text).toContain(
      `href="/overview/indicators?region=${regionId}&amp;year=${YEAR}#sector-${sectorId}"`,
    );

    const csv = (await client.get(`/overview.csv?year=${YEAR}`)).text.split('\r\n');
    expect(csv).toContain(
      'Vestland nord;Øyane DPS;ROP-nettverk Øyane;Lokalt ROP-nettverk;Gul;agenda for sent, mangler tjenester på samling;4;3;1;2;2;3;83;50;6;3,5;Ja;42;3',
    );
    expect(csv.find((line) => line.includes('ROP-nettverk Nordhordland'))).toMatch(/;Ja;42;3$/);
    expect(csv.find((line) => line.includes('ROP-nettverk Fjell'))).toMatch(/;;;$/);
  });

  test.each([['-1'], ['abc'], ['2000000'], ['1.5']])(
    '%s is refused at the field with the input kept, and nothing is written',
    async (value) => {
      const client = await t.client().signIn(admin);
      const before = await indicatorRow();
      for (const field of ['crisisPlanPatients', 'factTeams']) {
        const res = await client.post(
          `/sectors/${sectorId}/indicators`,
          indicators({ [field]: value, version: String(before!.version), hasCollaborationArena: '' }),
          indicatorsPage,
        );
        expect(res.status).toBe(422);
        expect(fieldError(res.text, `s${sectorId}-${field}`)).toBe(
          'Skriv et helt tall fra 0 til 1 000 000, eller la feltet stå tomt.',
        );
        expect(res.text).toContain(`value="${value}"`);
        expect(res.text).toContain(`href="#field-s${sectorId}-${field}"`);
      }
      expect(await indicatorRow()).toEqual(before);
    },
  );

  test('a stale version is a 409 with a message, and nothing is written', async () => {
    const client = await t.client().signIn(admin);
    const before = await indicatorRow();
    // Someone saved after this form was read (version 1), and a second "first" registration.
    for (const version of ['1', '0']) {
      const res = await client.post(
        `/sectors/${sectorId}/indicators`,
        indicators({ crisisPlanPatients: '7', version }),
        indicatorsPage,
      );
      expect(res.status).toBe(409);
      expect(text(res.text)).toContain('Noen andre har endret dette mens du hadde skjemaet åpent.');
      expect(res.text).toContain('value="7"');
    }
    expect(await indicatorRow()).toEqual(before);
  });

  test('a KORUS admin of another region and a network leader are refused', async () => {
    const before = await indicatorRow();
    for (const who of [otherAdmin, p.leader as number]) {
      const client = await t.client().signIn(who);
      expect((await client.get(`/overview/indicators?region=${regionId}`)).status).toBe(403);
      expect(
        (
          await client.post(
            `/sectors/${sectorId}/indicators`,
            indicators({ crisisPlanPatients: '1', version: String(before!.version) }),
          )
        ).status,
      ).toBe(403);
    }
    expect(await indicatorRow()).toEqual(before);
    // The other region's admin gets their own region by default.
    const own = await (await t.client().signIn(otherAdmin)).get('/overview/indicators');
    expect(own.status).toBe(200);
    expect(own.text).toContain('Haugesund DPS');
    expect(own.text).not.toContain('Øyane DPS');
  });
});

describe('annual reports', () => {
  const summaryRow = (html: string, check: string) =>
    text(new RegExp(`<tr data-check="${check}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '');
  const section = (html: string, id: number) =>
    new RegExp(`<section class="report-network"[^>]*data-network="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

  test("the region report shows the summary, the indicators and each network's hand-worked figures", async () => {
    const client = await t.client().signIn(admin);
    const res = await client.get(`/overview/report?year=${YEAR}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('/static/print.css');
    expect(res.text).not.toContain('class="site-header');
    const all = text(res.text);
    expect(all).toContain(`Årsrapport ${YEAR}: Vestland nord`);
    expect(all).toContain(`Laget ${formatDate(new Date(), 'nb')}`);
    // Fjell green, Øyane yellow, Nordhordland red (no leader, no plan).
    expect(all).toContain('3 nettverk: 1 grønne, 1 gule, 1 røde.');
    // Øyane: 3 not cancelled, 2 physical, agendas 2/3, continuity 50 %, June without TSB, June with 2 answers.
    expect(summaryRow(res.text, 'fourGatherings')).toBe(' Minst fire samlinger (ikke avlyste) 1 av 3 ');
    expect(summaryRow(res.text, 'twoPhysical')).toBe(' Minst to fysiske samlinger 2 av 3 ');
    expect(summaryRow(res.text, 'agendasOnTime')).toBe(' Alle agendaer sendt i tide 1 av 3 ');
    expect(summaryRow(res.text, 'continuity')).toBe(' Kontinuitet minst 50 % 2 av 3 ');
    expect(summaryRow(res.text, 'services')).toBe(
      ' Kommune, psykisk helsevern og TSB til stede på hver holdte samling 1 av 3 ',
    );
    expect(summaryRow(res.text, 'evaluated')).toBe(' Hver holdte samling evaluert (minst tre svar) 1 av 3 ');
    expect(
      text(/<table class="report-table" id="report-indicators"[\s\S]*?<\/table>/.exec(res.text)?.[0] ?? ''),
    ).toContain('Fjell DPS Ikke registrert – – Øyane DPS ✓ Ja 42 3');

    const oyane = section(res.text, networkId);
    expect(text(oyane)).toContain('Gul agenda for sent, mangler tjenester på samling');
    const figures = text(/<dl class="report-figures"[\s\S]*?<\/dl>/.exec(oyane)?.[0] ?? '');
    expect(figures).toContain(
      'Planlagt 4 Holdt 3 Avlyst 1 Fysiske 2 Agenda i tide 2/3 Oppmøte 83 % Kontinuitet 50 % (2/4) Nytte (1–5) 3,5 (6 svar)',
    );
    const gatheringRow = (key: string) =>
      text(new RegExp(`<tr data-gathering="${g[key]}"[\\s\\S]*?</tr>`).exec(oyane)?.[0] ?? '');
    expect(gatheringRow('june')).toMatch(
      /For sent 3 av 4 Stedfortredere: 1 75 %.*Mangler: Rusbehandling \(TSB\) Yrker: Psykolog \(1\), Sosionom \(2\) Under 3 svar/,
    );
    expect(gatheringRow('september')).toMatch(/I tide 4 av 4 Gjester: 1 100 % .*NAV \(1\).*3,0/);
    expect(oyane).toContain(`id="services-chart-${networkId}-title"`);
    expect(text(section(res.text, goodId))).toContain('Grønn');
    expect(text(section(res.text, goodId))).toContain(
      'Planlagt 4 Holdt 4 Avlyst 0 Fysiske 4 Agenda i tide 4/4 Oppmøte 100 % Kontinuitet 100 % (3/3) Nytte (1–5) 4,0 (12 svar)',
    );
    expect(text(section(res.text, leaderlessId))).toContain('Rød mangler leder, mangler årsplan');
    expect(res.text).not.toContain('ROP-nettverk Haugesund');
  });

  test('the region report costs the same number of queries for 3 networks as for 13', async () => {
    const client = await t.client().signIn(admin);
    const queries = async () => {
      let count = 0;
      const listener = () => (count += 1);
      t.db.on('query', listener);
      expect((await client.get(`/overview/report?year=${YEAR}&region=${regionId}`)).status).toBe(200);
      t.db.off('query', listener);
      return count;
    };
    const before = await queries();
    const extraSector = await makeSector(t.db, { region_id: regionId, name: 'Ekstra DPS' });
    for (let i = 0; i < 10; i++) {
      const id = await makeNetwork(t.db, { sector_id: extraSector, name: `Nettverk ${i}` });
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
    await t
      .db('gathering_networks')
      .whereIn('network_id', t.db('networks').select('id').where({ sector_id: extraSector }))
      .delete();
    await t.db('networks').where({ sector_id: extraSector }).delete();
    await t.db('sectors').where({ id: extraSector }).delete();
  });

  test("a leader gets their own network's report and is refused another's and the region's", async () => {
    const leader = await t.client().signIn(p.leader as number);
    const own = await leader.get(`/networks/${networkId}/report?year=${YEAR}`);
    expect(own.status).toBe(200);
    expect(text(own.text)).toContain(`Årsrapport ${YEAR}: ROP-nettverk Øyane`);
    expect(text(own.text)).toContain('1 nettverk: 0 grønne, 1 gule, 0 røde.');
    expect(summaryRow(own.text, 'continuity')).toBe(' Kontinuitet minst 50 % 1 av 1 ');
    expect(text(own.text)).toContain('Øyane DPS ✓ Ja 42 3');
    expect(own.text).not.toContain('Fjell DPS');
    expect(text(section(own.text, networkId))).toContain('Oppmøte 83 % Kontinuitet 50 % (2/4)');
    expect((await leader.get(`/networks/${goodId}/report?year=${YEAR}`)).status).toBe(403);
    expect((await leader.get(`/overview/report?year=${YEAR}`)).status).toBe(403);
    expect(
      (await (await t.client().signIn(otherAdmin)).get(`/overview/report?year=${YEAR}&region=${regionId}`)).status,
    ).toBe(403);
    expect(
      (await (await t.client().signIn(p.anna as number)).get(`/networks/${networkId}/report?year=${YEAR}`)).status,
    ).toBe(403);
  });

  test('the overview and the figures page link to the reports', async () => {
    const overview = await (await t.client().signIn(admin)).get(`/overview?year=${YEAR}&region=${regionId}`);
    expect(overview.text).toContain(`href="/overview/report?year=${YEAR}&amp;region=${regionId}"`);
    const figures = await (await t.client().signIn(p.leader as number)).get(
      `/networks/${networkId}/figures?year=${YEAR}`,
    );
    expect(figures.text).toContain(`href="/networks/${networkId}/report?year=${YEAR}"`);
  });

  (browserAvailable() ? test : test.skip)(
    'the region report prints on A4 (screenshot and PDF in test-artifacts/)',
    async () => {
      const server = await listen(t);
      const browser = await launchBrowser();
      try {
        const page = await (
          await browser.newContext({ viewport: { width: 900, height: 1200 }, locale: 'nb-NO' })
        ).newPage();
        await page.goto(`${server.baseUrl}/login/verify?token=${await issueLoginToken(t.db, admin)}`);
        await page.getByRole('button', { name: 'Logg inn' }).click();
        await page.goto(`${server.baseUrl}/overview/report?year=${YEAR}`);
        await page.emulateMedia({ media: 'print' });
        await page.screenshot({ path: artifact('report-region-print.png'), fullPage: true });
        const pdf = await page.pdf({ path: artifact('report-region.pdf'), format: 'A4', printBackground: true });
        // A summary page and one page per network (each starts on a new page).
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        expect(pages).toBeGreaterThanOrEqual(4);
      } finally {
        await browser.close();
        await server.close();
      }
    },
  );
});
