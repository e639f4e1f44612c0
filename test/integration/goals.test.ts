import request from 'supertest';
import { currentYearInOslo, osloDate } from '../../src/kernel/dates';
import { hashSecretToken, newSecretToken } from '../../src/kernel/secretTokens';
import { csrfIn, fieldError, startTestApp, type TestApp, type TestClient } from '../support/app';
import { makeGathering, makeKorusAdmin, makeMember, makeNetworkInRegion, makeRegion } from '../support/factories';

// Goals ("Mål"): a network's goals for the year, each gathering's aim, the evaluation's question
// whether the aim was met, and goals against outcome on the figures page and in the annual report.
let t: TestApp;
let regionId: number;
let networkId: number;
let leader: number;
let members: number[];
const year = currentYearInOslo();
const DAY = 24 * 3600_000;

beforeAll(async () => {
  t = await startTestApp();
  regionId = await makeRegion(t.db);
  networkId = await makeNetworkInRegion(t.db, regionId, { name: 'ROP-nettverk Sunnfjord' });
  leader = await makeMember(t.db, networkId, { role: 'leader', name: 'Liv Leder' });
  members = [];
  for (const name of ['Anna', 'Berit', 'Ola', 'Kari']) members.push(await makeMember(t.db, networkId, { name }));
});
afterAll(() => t.close());

const goals = () => t.db('network_goals').where({ network_id: networkId }).orderBy(['year', 'position']).pluck('text');

async function goalsForm(client: TestClient, forYear = year) {
  const page = await client.get(`/networks/${networkId}/goals?year=${forYear}`);
  expect(page.status).toBe(200);
  return {
    page,
    csrf: csrfIn(page.text),
    loaded: /name="loaded" value="([0-9a-f]{16})"/.exec(page.text)?.[1] as string,
  };
}

test("a leader sets the year's goals from the year plan; members see them on the network page", async () => {
  const client = await t.client().signIn(leader);
  const plan = await client.get(`/networks/${networkId}/plan?year=${year}`);
  expect(plan.text).toContain(`href="/networks/${networkId}/goals?year=${year}"`);
  const { csrf, loaded } = await goalsForm(client);
  const saved = await client.agent
    .post(`/networks/${networkId}/goals`)
    .type('form')
    .send({
      _csrf: csrf,
      year: String(year),
      loaded,
      goal1: 'Felles forståelse av kriseplaner',
      goal2: '',
      goal3: '  Alle tjenester presenterer seg  ',
    });
  expect(saved.status).toBe(303);
  expect(saved.headers.location).toBe(`/networks/${networkId}/plan?year=${year}`);
  expect(await goals()).toEqual(['Felles forståelse av kriseplaner', 'Alle tjenester presenterer seg']);
  const audit = await t.db('audit_log').where({ action: 'setGoals', entity_id: networkId }).first();
  expect(audit).toBeDefined();

  const member = await t.client().signIn(members[0] as number);
  const page = await member.get(`/networks/${networkId}`);
  expect(page.text).toMatch(
    /<ol class="ds-list goals-list" id="network-goals"><li>Felles forståelse av kriseplaner<\/li><li>Alle tjenester presenterer seg<\/li><\/ol>/,
  );
  // Members read the goals; only those who plan set them.
  expect(page.text).not.toContain(`/networks/${networkId}/goals`);
  expect((await member.get(`/networks/${networkId}/goals`)).status).toBe(403);
});

test('an identity number in a goal, and a save over someone else’s, are refused and write nothing', async () => {
  const client = await t.client().signIn(leader);
  const before = await goals();
  const first = await goalsForm(client);
  const refused = await client.agent
    .post(`/networks/${networkId}/goals`)
    .type('form')
    .send({
      _csrf: first.csrf,
      year: String(year),
      loaded: first.loaded,
      goal1: 'Ny',
      goal2: 'Oppfølging av 010100 12356',
    });
  expect(refused.status).toBe(422);
  expect(fieldError(refused.text, 'goal2')).toMatch(/fødselsnummer/);
  expect(refused.text).toContain('value="Oppfølging av 010100 12356"');
  expect(await goals()).toEqual(before);

  // Two leaders open the form; the first saves; the second is told, and writes nothing.
  const other = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  const second = await goalsForm(other);
  const firstSave = await client.agent
    .post(`/networks/${networkId}/goals`)
    .type('form')
    .send({ _csrf: first.csrf, year: String(year), loaded: first.loaded, goal1: 'Første lagring' });
  expect(firstSave.status).toBe(303);
  const stale = await other.agent
    .post(`/networks/${networkId}/goals`)
    .type('form')
    .send({ _csrf: second.csrf, year: String(year), loaded: second.loaded, goal1: 'Andre lagring' });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Andre lagring');
  expect(await goals()).toEqual(['Første lagring']);
});

test("a gathering's aim is asked in its evaluation, and goals against outcome show once three have answered", async () => {
  const client = await t.client().signIn(leader);
  // The leader sets the aim ahead of the gathering, on its edit page.
  const startsAt = new Date(Date.now() + 30 * DAY);
  const gatheringId = await makeGathering(t.db, { networkIds: [networkId], startsAt, topic: 'Kriseplaner' });
  const edit = await client.get(`/gatherings/${gatheringId}/edit`);
  expect(edit.text).toContain('name="aim"');
  const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(edit.text)?.[1] ?? '';
  const form = {
    _csrf: csrfIn(edit.text),
    date: value('date'),
    startTime: '10:00',
    endTime: '13:00',
    format: 'physical',
    kind: 'regular',
    venue: 'Førde',
    meetingUrl: '',
    topic: 'Kriseplaner',
    aim: 'Alle kjenner kriseplanmalen',
    version: value('version'),
  };
  const saved = await client.agent.post(`/gatherings/${gatheringId}`).type('form').send(form);
  expect(saved.status).toBe(303);
  expect((await t.db('gatherings').where({ id: gatheringId }).first('aim'))?.aim).toBe('Alle kjenner kriseplanmalen');
  expect((await client.get(`/gatherings/${gatheringId}`)).text).toContain('Alle kjenner kriseplanmalen');

  // The gathering has been held; three of those present answer from their links.
  const heldAt = new Date(Date.now() - 3 * DAY);
  await t
    .db('gatherings')
    .where({ id: gatheringId })
    .update({ starts_at: heldAt, ends_at: new Date(heldAt.getTime() + 3 * 3600_000) });
  const tokens: string[] = [];
  for (const participantId of members.slice(0, 3)) {
    const token = newSecretToken(24);
    tokens.push(token);
    await t
      .db('evaluation_requests')
      .insert({ gathering_id: gatheringId, participant_id: participantId, token_hash: hashSecretToken(token) });
  }
  const answer = {
    usefulness: '4',
    topicRelevant: 'yes',
    enoughExchange: 'yes',
    whatWorked: '',
    whatToChange: '',
    topicWishes: '',
  };
  const formPage = await request(t.app).get(`/evaluation/${tokens[0]}`);
  expect(formPage.text).toContain('Alle kjenner kriseplanmalen');
  expect(formPage.text).toContain('name="aimMet"');
  const browser = t.client();
  const missing = await browser.post(`/evaluation/${tokens[0]}`, answer, `/evaluation/${tokens[0]}`);
  expect(missing.status).toBe(422);
  expect(fieldError(missing.text, 'aimMet')).toBe('Velg et tall fra 1 til 5.');
  for (const [i, aimMet] of ['5', '4', '3'].entries()) {
    const res = await browser.post(
      `/evaluation/${tokens[i]}`,
      { ...answer, aimMet, aimComment: i === 0 ? 'Malen ble gjennomgått' : '' },
      `/evaluation/${tokens[i]}`,
    );
    expect(res.status).toBe(303);
  }
  const stored = await t.db('evaluations').where({ gathering_id: gatheringId }).orderBy('aim_met').pluck('aim_met');
  expect(stored).toEqual([3, 4, 5]);

  // The evaluation has closed: the results, the figures and the report show how well the aim was met.
  const longAgo = new Date(Date.now() - 40 * DAY);
  await t
    .db('gatherings')
    .where({ id: gatheringId })
    .update({ starts_at: longAgo, ends_at: new Date(longAgo.getTime() + 3 * 3600_000) });
  const results = await client.get(`/gatherings/${gatheringId}/evaluation`);
  expect(results.text).toMatch(/id="aim-average">4,0</);
  expect(results.text).toContain('Malen ble gjennomgått');
  const heldYear = Number(osloDate(longAgo).slice(0, 4));
  const figures = await client.get(`/networks/${networkId}/figures?year=${heldYear}`);
  expect(figures.text).toMatch(/data-aim-met>Mål nådd: 4,0</);
  expect(figures.text).toMatch(/1 samlinger hadde et mål\. Samlingene nådde målene sine 4,0 av 5 i snitt \(3 svar\)\./);
  const report = await client.get(`/networks/${networkId}/report?year=${heldYear}`);
  expect(report.text).toContain('Mål for samlingen: Alle kjenner kriseplanmalen');
  expect(report.text).toMatch(/Samlingene nådde målene sine 4,0 av 5 i snitt/);
  if (heldYear === year) expect(report.text).toContain('Første lagring');
});
