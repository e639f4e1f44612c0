import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { queueEvaluationRequests } from '../../src/evaluation/send';
import { evaluationSummaries } from '../../src/evaluation/queries';
import { invitationMailOptions } from '../../src/invitations/send';
import { fieldError, startTestApp, type TestApp, type TestClient } from '../support/app';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let networkId: number;
let otherNetworkId: number;
let leader: number;
let otherLeader: number;
let plainMember: number;
let gatheringId: number;
const attendees: Record<string, number> = {};
const links: Record<string, string> = {};

const to = (mail: ParsedMail) => (mail.to && 'text' in mail.to ? mail.to.text : '');
const linkIn = (mail: ParsedMail) =>
  /https:\/\/samling\.test(\/evaluation\/[A-Za-z0-9_-]{32})/.exec(mail.text ?? '')?.[1] as string;
const counts = async () => ({
  evaluations: Number((await t.db('evaluations').where({ gathering_id: gatheringId }).count({ n: '*' }).first())?.n),
  used: Number(
    (await t.db('evaluation_requests').where({ gathering_id: gatheringId, used: true }).count({ n: '*' }).first())?.n,
  ),
  topics: Number((await t.db('topics').where({ network_id: networkId }).count({ n: '*' }).first())?.n),
});
const answer = {
  usefulness: '4',
  topicRelevant: 'yes',
  enoughExchange: 'no',
  whatWorked: 'Caset fra FACT-teamet',
  whatToChange: '',
  topicWishes: '',
};

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
  const regionId = await makeRegion(t.db);
  const sectorId = await makeSector(t.db, { region_id: regionId });
  networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Øyane DPS' });
  otherNetworkId = await makeNetwork(t.db, { sector_id: sectorId });
  const unit = await makeUnit(t.db, { region_id: regionId });
  leader = await makeParticipant(t.db, { unit_id: unit, name: 'Liv Leder', email: 'liv.leder@helse-bergen.example' });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  otherLeader = await makeParticipant(t.db, { unit_id: unit });
  await makeMembership(t.db, { network_id: otherNetworkId, participant_id: otherLeader, role: 'leader' });
  for (const [key, language] of [
    ['anna', 'nb'],
    ['nils', 'nn'],
    ['berit', 'nb'],
    ['ola', 'nb'],
    ['kari', 'nb'],
  ] as const) {
    attendees[key] = await makeParticipant(t.db, {
      unit_id: unit,
      name: key,
      language,
      email: `${key}@kommune.example`,
    });
    await makeMembership(t.db, { network_id: networkId, participant_id: attendees[key] as number });
  }
  plainMember = await makeParticipant(t.db, { unit_id: unit, name: 'Fravær', email: 'absent@kommune.example' });
  await makeMembership(t.db, { network_id: networkId, participant_id: plainMember });
  const start = new Date(Date.now() - 3 * 24 * 3600 * 1000);
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: start,
      ends_at: new Date(start.getTime() + 3 * 3600 * 1000),
      format: 'physical',
      status: 'planned',
      topic: 'ROP-avklaringsmøter',
      venue: 'Knarvik',
    })
    .returning('id');
  gatheringId = g!.id;
  await t.db('gathering_networks').insert({ gathering_id: gatheringId, network_id: networkId });
  const invited = [leader, plainMember, ...Object.values(attendees)];
  await t
    .db('invitations')
    .insert(invited.map((id) => ({ gathering_id: gatheringId, participant_id: id, sent_version: 1, answer: 'yes' })));
  // Present: the five attendees; the leader and the plain member were not there.
  await t
    .db('attendances')
    .insert(Object.values(attendees).map((id) => ({ gathering_id: gatheringId, participant_id: id })));
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

test('the leader sends the evaluation: every attendee, and no one else, gets one email with a link; sending again asks no one twice', async () => {
  const client = await t.client().signIn(leader);
  const page = await client.get(`/gatherings/${gatheringId}/evaluation`);
  expect(page.status).toBe(200);
  expect(page.text).toContain('0 av 0 har svart');
  expect(page.text).not.toContain('/evaluation/remind');
  // A reminder with nobody asked yet sends nothing and does not use up the one reminder.
  const early = await client.post(
    `/gatherings/${gatheringId}/evaluation/remind`,
    {},
    `/gatherings/${gatheringId}/evaluation`,
  );
  expect((await client.get(String(early.headers.location))).text).toContain('Det er ingen å minne på');
  expect(
    (await t.db('gatherings').where({ id: gatheringId }).first('evaluation_reminder_sent_at'))!
      .evaluation_reminder_sent_at,
  ).toBeNull();
  const sent = await client.post(
    `/gatherings/${gatheringId}/evaluation/send`,
    {},
    `/gatherings/${gatheringId}/evaluation`,
  );
  expect(sent.status).toBe(303);
  const mails = await smtp.waitForMessages(5);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages.map(to).sort()).toEqual([
    'anna@kommune.example',
    'berit@kommune.example',
    'kari@kommune.example',
    'nils@kommune.example',
    'ola@kommune.example',
  ]);
  for (const mail of mails) links[to(mail).split('@')[0] as string] = linkIn(mail);
  const nils = mails.find((m) => to(m) === 'nils@kommune.example') as ParsedMail;
  expect(nils.subject).toMatch(/^Korleis var samlinga\? ROP-nettverk Øyane DPS \d+\.\d+\.\d{4}$/);
  expect(nils.replyTo && 'text' in nils.replyTo ? nils.replyTo.text : '').toBe('liv.leder@helse-bergen.example');
  expect(nils.html).toContain(links.nils);
  expect(new Set(Object.values(links)).size).toBe(5);
  // Only hashes are stored.
  const stored = await t.db('evaluation_requests').where({ gathering_id: gatheringId }).select('token_hash');
  expect(stored).toHaveLength(5);
  expect(stored.map((r: { token_hash: Buffer }) => r.token_hash.toString('base64url'))).not.toContain(
    (links.nils as string).split('/').pop(),
  );

  // Idempotent: from the button and from the attendance save alike.
  smtp.messages.length = 0;
  expect(
    (await client.post(`/gatherings/${gatheringId}/evaluation/send`, {}, `/gatherings/${gatheringId}/evaluation`))
      .status,
  ).toBe(303);
  const network = {
    id: networkId,
    regionId: (
      await t
        .db('networks as n')
        .join('sectors as s', 's.id', 'n.sector_id')
        .where('n.id', networkId)
        .first('s.region_id')
    ).region_id,
  };
  const options = await invitationMailOptions(
    t.db,
    network,
    { name: 'X', email: 'x@example.org' },
    { BASE_URL: 'https://samling.test', REPLY_ADDRESS: undefined },
  );
  expect(await t.db.transaction((trx) => queueEvaluationRequests(trx, gatheringId, options))).toBe(0);
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(smtp.messages).toHaveLength(0);
  expect(await t.db('evaluation_requests').where({ gathering_id: gatheringId }).count({ n: '*' }).first()).toEqual({
    n: 5,
  });
});

test('opening the link shows the gathering and the form, and uses nothing up', async () => {
  const page = await request(t.app).get(links.anna as string);
  expect(page.status).toBe(200);
  expect(page.text).toContain('ROP-nettverk Øyane DPS');
  expect(page.text).toContain('ROP-avklaringsmøter');
  expect(page.text).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}/);
  expect(page.text).toContain('name="usefulness"');
  expect(page.text).toContain('name="_csrf"');
  expect(await counts()).toEqual({ evaluations: 0, used: 0, topics: 0 });
});

test('a forged or malformed link is a 404', async () => {
  expect((await request(t.app).get('/evaluation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
  expect((await request(t.app).get('/evaluation/not-a-token')).status).toBe(404);
  const browser = t.client();
  expect((await browser.post('/evaluation/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', answer, links.anna)).status).toBe(404);
});

test('an identity number in free text is refused at the field, the input is kept and nothing is written', async () => {
  const browser = t.client();
  const res = await browser.post(
    links.anna as string,
    { ...answer, whatToChange: 'Pasient 010100 12356 burde vært drøftet', topicWishes: 'Samtykke' },
    links.anna,
  );
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'whatToChange')).toMatch(/fødselsnummer/i);
  expect(res.text).toContain('Caset fra FACT-teamet');
  expect(res.text).toMatch(/id="field-usefulness-4" name="usefulness" value="4" checked/);
  expect(await counts()).toEqual({ evaluations: 0, used: 0, topics: 0 });
});

test.each(['0', '6', 'abc'])('usefulness %p is refused with a message at the field', async (usefulness) => {
  const res = await t.client().post(links.anna as string, { ...answer, usefulness }, links.anna);
  expect(res.status).toBe(422);
  expect(fieldError(res.text, 'usefulness')).toBe('Velg et tall fra 1 til 5.');
  expect(await counts()).toEqual({ evaluations: 0, used: 0, topics: 0 });
});

const requestXmins = async () =>
  (
    await t.db.raw('select id, xmin::text as xmin from evaluation_requests where gathering_id = ? order by id', [
      gatheringId,
    ])
  ).rows as { id: number; xmin: string }[];

test('an answer is stored without any person, uses the link, and its topic wishes go to the topic bank', async () => {
  const requestsBefore = await requestXmins();
  const browser = t.client();
  const res = await browser.post(
    links.anna as string,
    {
      ...answer,
      usefulness: '5',
      topicWishes: 'Samtykke og taushetsplikt\n\n  ROP-losen  \nsamtykke og taushetsplikt',
    },
    links.anna,
  );
  expect(res.status).toBe(303);
  expect((await browser.get(String(res.headers.location))).text).toContain('Takk for svaret ditt!');
  const rows = await t.db('evaluations').where({ gathering_id: gatheringId });
  expect(rows).toHaveLength(1);
  expect(Object.keys(rows[0]!).sort()).toEqual([
    'aim_comment',
    'aim_met',
    'enough_exchange',
    'gathering_id',
    'id',
    'submitted_on',
    'topic_relevant',
    'topic_wishes',
    'usefulness',
    'what_to_change',
    'what_worked',
  ]);
  expect(rows[0]).toMatchObject({
    usefulness: 5,
    topic_relevant: true,
    enough_exchange: false,
    what_worked: 'Caset fra FACT-teamet',
  });
  // The link is used up, yet the request row was not written at all: no transaction id ties it
  // to the answer (the answer left a mark only the app can read, src/evaluation/marks.ts).
  expect((await browser.get(links.anna as string)).text).toContain('allerede besvart');
  expect(await requestXmins()).toEqual(requestsBefore);
  expect(await t.db('evaluation_answered').count({ n: '*' }).first()).toEqual({ n: 1 });
  const topics = await t
    .db('topics')
    .where({ network_id: networkId })
    .orderBy('title')
    .select('title', 'created_by', t.db.raw("created_at = date_trunc('day', created_at) as daily"));
  expect(topics).toEqual([
    { title: 'ROP-losen', created_by: null, daily: true },
    { title: 'Samtykke og taushetsplikt', created_by: null, daily: true },
  ]);

  // The topics show up among the agenda's suggestions.
  const leaderClient = await t.client().signIn(leader);
  expect((await leaderClient.get(`/gatherings/${gatheringId}/agenda`)).text).toContain('ROP-losen');
});

test('a second answer with the same link is refused and writes nothing; the page never shows the answers', async () => {
  const before = await counts();
  const browser = t.client();
  const res = await browser.post(
    links.anna as string,
    { ...answer, usefulness: '1', topicWishes: 'Noe nytt' },
    links.anna,
  );
  expect(res.status).toBe(409);
  expect(res.text).toContain('allerede besvart');
  expect(res.text).not.toContain('Caset fra FACT-teamet');
  expect(res.text).not.toContain('name="usefulness"');
  expect(await counts()).toEqual(before);
  const again = await request(t.app).get(links.anna as string);
  expect(again.text).toContain('allerede besvart');
  expect(again.text).not.toContain('Caset fra FACT-teamet');
});

test('two posts at the same moment with one link count once', async () => {
  const [a, b] = await Promise.all([
    t.client().post(links.kari as string, answer, links.kari),
    t.client().post(links.kari as string, answer, links.kari),
  ]);
  expect([a.status, b.status].sort()).toEqual([303, 409]);
  expect((await counts()).evaluations).toBe(2);
});

const setEvaluationDays = (days: number) => t.db('networks').where({ id: networkId }).update({ evaluation_days: days });

test('results are hidden while the evaluation is open, and shown once it has closed with three answers', async () => {
  const client = await t.client().signIn(leader);
  const hidden = await client.get(`/gatherings/${gatheringId}/evaluation`);
  expect(hidden.text).toContain('2 av 5 har svart');
  expect(hidden.text).toContain('Resultatene vises når evalueringen lukkes');
  expect(hidden.text).not.toContain('usefulness-average');
  expect(hidden.text).not.toContain('Caset fra FACT-teamet');

  expect(
    (
      await t.client().post(
        links.berit as string,
        {
          usefulness: '3',
          topicRelevant: 'no',
          enoughExchange: 'yes',
          whatWorked: 'Alt',
          whatToChange: 'Mer tid til diskusjon',
          topicWishes: '',
        },
        links.berit,
      )
    ).status,
  ).toBe(303);
  // Three answers, but still open: nothing is shown yet.
  const open = await client.get(`/gatherings/${gatheringId}/evaluation`);
  expect(open.text).toContain('3 av 5 har svart');
  expect(open.text).not.toContain('usefulness-average');

  // The network's evaluations close a day after the gathering: this one (three days ago) has closed.
  await setEvaluationDays(1);
  try {
    await expectShownAfterClosing(client);
  } finally {
    await setEvaluationDays(14);
  }
});

async function expectShownAfterClosing(client: TestClient) {
  const shown = await client.get(`/gatherings/${gatheringId}/evaluation`);
  expect(shown.text).toContain('3 av 5 har svart');
  // 5, 4, 3: average 4,0; relevant 2 of 3; enough exchange 1 of 3.
  expect(shown.text).toMatch(/id="usefulness-average">4,0</);
  expect(shown.text).toMatch(/id="topic-relevant-share">67 %</);
  expect(shown.text).toMatch(/id="enough-exchange-share">33 %</);
  for (const [score, n] of [
    [1, 0],
    [2, 0],
    [3, 1],
    [4, 1],
    [5, 1],
  ])
    expect(shown.text).toContain(`data-score="${score}">${n}<`);
  // Free text in a random order, not in the order it came in.
  for (const text of ['Alt', 'Caset fra FACT-teamet', 'Mer tid til diskusjon']) expect(shown.text).toContain(text);
  expect(shown.text).toContain('tilfeldig rekkefølge');
  expect(shown.text).toContain('Evalueringen ble lukket');
  expect(shown.text).not.toContain('/evaluation/remind');

  const summaries = await evaluationSummaries(t.db, [gatheringId, gatheringId + 1000]);
  expect(summaries.get(gatheringId)).toMatchObject({ answered: 3, usefulnessAverage: 4, shown: true });
  expect(summaries.get(gatheringId + 1000)).toMatchObject({ answered: 0, shown: false });

  // Closed: the last one asked cannot answer any more, and adding someone to the attendance asks
  // nobody, so the results can never move by one new person's answer.
  const unanswered = links.ola as string;
  expect((await request(t.app).get(unanswered)).text).toContain('Evalueringen er lukket');
  expect((await t.client().post(unanswered, answer, unanswered)).status).toBe(410);
  smtp.messages.length = 0;
  const requestsBefore = await t
    .db('evaluation_requests')
    .where({ gathering_id: gatheringId })
    .count({ n: '*' })
    .first();
  const sent = await client.post(
    `/gatherings/${gatheringId}/evaluation/send`,
    {},
    `/gatherings/${gatheringId}/evaluation`,
  );
  expect((await client.get(String(sent.headers.location))).text).toContain(
    'Evalueringen er lukket. Ingen flere blir spurt.',
  );
  const attendancePage = `/gatherings/${gatheringId}/attendance`;
  const present = [...Object.values(attendees), plainMember].map(String);
  expect((await client.post(attendancePage, { present }, attendancePage)).status).toBe(303);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages).toHaveLength(0);
  expect(await t.db('evaluation_requests').where({ gathering_id: gatheringId }).count({ n: '*' }).first()).toEqual(
    requestsBefore,
  );
  const present5 = Object.values(attendees).map(String);
  expect((await client.post(attendancePage, { present: present5 }, attendancePage)).status).toBe(303);
}

test('one reminder goes only to those who have not answered, with a working link; a second is refused', async () => {
  const client = await t.client().signIn(leader);
  smtp.messages.length = 0;
  const res = await client.post(
    `/gatherings/${gatheringId}/evaluation/remind`,
    {},
    `/gatherings/${gatheringId}/evaluation`,
  );
  expect(res.status).toBe(303);
  const mails = await smtp.waitForMessages(2);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(smtp.messages.map(to).sort()).toEqual(['nils@kommune.example', 'ola@kommune.example']);
  const ola = mails.find((m) => to(m) === 'ola@kommune.example') as ParsedMail;
  expect(ola.subject).toMatch(/^Påminnelse: evaluering av /);
  const reminderLink = linkIn(ola);
  expect(reminderLink).not.toBe(links.ola);
  // Both links answer the same single-use request.
  expect((await request(t.app).get(links.ola as string)).text).toContain('name="usefulness"');
  expect((await t.client().post(reminderLink, answer, reminderLink)).status).toBe(303);
  expect((await request(t.app).get(links.ola as string)).text).toContain('allerede besvart');

  const page = await client.get(`/gatherings/${gatheringId}/evaluation`);
  expect(page.text).not.toContain('/evaluation/remind');
  expect(page.text).toContain('Påminnelse sendt');
  smtp.messages.length = 0;
  const again = await client.post(
    `/gatherings/${gatheringId}/evaluation/remind`,
    {},
    `/gatherings/${gatheringId}/evaluation`,
  );
  expect(again.status).toBe(303);
  expect((await client.get(String(again.headers.location))).text).toContain('Påminnelsen er allerede sendt');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(smtp.messages).toHaveLength(0);
});

test("a plain participant and another network's leader may not see the results or send anything", async () => {
  for (const person of [plainMember, otherLeader]) {
    const client = await t.client().signIn(person);
    expect((await client.get(`/gatherings/${gatheringId}/evaluation`)).status).toBe(403);
    expect((await client.post(`/gatherings/${gatheringId}/evaluation/remind`, {})).status).toBe(403);
    expect((await client.post(`/gatherings/${gatheringId}/evaluation/send`, {})).status).toBe(403);
  }
});

test("the leader's gathering page links to the evaluation", async () => {
  const client = await t.client().signIn(leader);
  expect((await client.get(`/gatherings/${gatheringId}/edit`)).text).toContain(
    `href="/gatherings/${gatheringId}/evaluation"`,
  );
});

test('no stored row pairs an answer with its request: no shared transaction id, no reference, no time finer than the day', async () => {
  // By now several people have answered one after another (first links and a reminder's).
  const answers = (
    await t.db.raw('select xmin::text as xmin, submitted_on from evaluations where gathering_id = ?', [gatheringId])
  ).rows as { xmin: string; submitted_on: unknown }[];
  expect(answers.length).toBeGreaterThanOrEqual(3);
  const requestTransactions = new Set((await requestXmins()).map((r) => r.xmin));
  expect(answers.filter((a) => requestTransactions.has(a.xmin))).toEqual([]);
  // The answers' columns hold no person, no request and no time of day.
  const columns = (
    await t.db.raw("select column_name, data_type from information_schema.columns where table_name = 'evaluations'")
  ).rows as { column_name: string; data_type: string }[];
  expect(columns.filter((c) => /participant|request|token/.test(c.column_name))).toEqual([]);
  expect(columns.filter((c) => c.data_type.startsWith('timestamp'))).toEqual([]);
  // The marks are HMACs of request ids under the app's key: none equals a request's token hash.
  const marks = (await t.db('evaluation_answered').pluck('mark')) as Buffer[];
  const hashes = (await t.db('evaluation_requests').pluck('token_hash')) as Buffer[];
  expect(marks.filter((m) => hashes.some((h) => h.equals(m)))).toEqual([]);
});
