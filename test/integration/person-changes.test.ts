import { issueLoginToken, isLoginTokenUsable } from '../../src/accounts/loginTokens';
import { fieldError, startTestApp, type TestApp } from '../support/app';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker } from '../support/worker';

// "Who may change whom": a leader edits the people of the networks they lead, never a
// KORUS admin or another network's leader (src/accounts/policy.ts, canChangePerson); an address
// change tells the old address and ends the sign-in links sent there.

let t: TestApp;
let smtp: TestSmtpServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url, BASE_URL: 'https://samling.test' });
  worker = await startTestWorker(t.url, smtp.url);
});
afterAll(async () => {
  await worker.stop();
  await t.close();
  await smtp.close();
});

async function region() {
  const regionId = await makeRegion(t.db);
  const unit = await makeUnit(t.db, { region_id: regionId });
  const network = async () => makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const [a, b] = [await network(), await network()];
  const person = async (networkId: number | undefined, role = 'participant') => {
    const id = await makeParticipant(t.db, { unit_id: unit });
    if (networkId) await makeMembership(t.db, { network_id: networkId, participant_id: id, role });
    return id;
  };
  const admin = await person(a);
  await t.db('korus_admins').insert({ participant_id: admin, region_id: regionId });
  return {
    unit,
    a,
    b,
    leader: await person(a, 'leader'),
    member: await person(a),
    otherLeader: await person(b, 'leader'),
    admin,
  };
}

const formOf = async (id: number, changes: Record<string, string>) => {
  const p = await t.db('participants').where({ id }).first();
  return {
    unitId: String(p!.unit_id),
    name: p!.name,
    email: p!.email,
    phone: p!.phone ?? '',
    profession: p!.profession,
    language: p!.language,
    version: String(p!.version),
    ...changes,
  };
};

test("a leader cannot take over a KORUS admin's or another network's leader's account: no edit, no new address, no archive", async () => {
  const r = await region();
  const leader = await t.client().signIn(r.leader);
  for (const target of [r.admin, r.otherLeader]) {
    const before = await t.db('participants').where({ id: target }).first();
    expect((await leader.get(`/participants/${target}/edit`)).status).toBe(403);
    const edit = await leader.post(
      `/participants/${target}`,
      await formOf(target, { email: 'angriper@example.no' }),
      '/participants',
    );
    expect(edit.status).toBe(403);
    expect((await leader.post(`/participants/${target}/archive`, {}, '/participants')).status).toBe(403);
    expect(await t.db('participants').where({ id: target }).first()).toEqual(before);
  }
  // The KORUS admin's page has no edit or archive button for the leader either.
  const page = await leader.get(`/participants/${r.admin}`);
  expect(page.status).toBe(200);
  expect(page.text).not.toContain(`/participants/${r.admin}/edit`);
  expect(page.text).not.toContain(`/participants/${r.admin}/archive`);
});

test("changing a member's address tells the old address and ends the sign-in links sent there", async () => {
  const r = await region();
  const old = await t.db('participants').where({ id: r.member }).first();
  const link = await issueLoginToken(t.db, r.member);
  const leader = await t.client().signIn(r.leader);
  const leaderName = (await t.db('participants').where({ id: r.leader }).first())!.name;
  const saved = await leader.post(
    `/participants/${r.member}`,
    await formOf(r.member, { email: 'ny.adresse@kommune.example' }),
    `/participants/${r.member}/edit`,
  );
  expect(saved.status).toBe(303);
  expect((await t.db('participants').where({ id: r.member }).first())!.email).toBe('ny.adresse@kommune.example');
  expect(await isLoginTokenUsable(t.db, link)).toBe(false);
  const [mail] = (await smtp.waitForMessages(1)).filter((m) => m.subject === 'E-postadressen din i Samling er endret');
  expect(mail?.to && 'text' in mail.to ? mail.to.text : '').toBe(old!.email);
  expect(mail?.text).toContain(`${leaderName} har endret e-postadressen din i Samling til ny.adresse@kommune.example`);
  const audit = await t
    .db('audit_log')
    .where({ entity_type: 'participants', entity_id: r.member, action: 'update' })
    .first();
  expect(JSON.stringify(audit)).toContain('ny.adresse@kommune.example');
});

test('a participant can open and save their own profile (their unit is offered), but not change anyone else', async () => {
  const r = await region();
  const member = await t.client().signIn(r.member);
  const form = await member.get(`/participants/${r.member}/edit`);
  expect(form.status).toBe(200);
  expect(form.text).toMatch(new RegExp(`<option value="${r.unit}"[^>]*selected`));
  const saved = await member.post(
    `/participants/${r.member}`,
    await formOf(r.member, { phone: '55 55 55 55' }),
    `/participants/${r.member}/edit`,
  );
  expect(saved.status).toBe(303);
  expect((await t.db('participants').where({ id: r.member }).first())!.phone).toBe('55 55 55 55');
  expect((await member.get(`/participants/${r.leader}/edit`)).status).toBe(403);
});

test('a name is one visible line: line breaks, direction overrides and zero-width characters are refused; letters are stored NFC-normalised', async () => {
  const r = await region();
  const leader = await t.client().signIn(r.leader);
  for (const name of ['Ola\nNordmann', 'Ola \u202eNordmann', 'Ola\u200bNordmann', 'Ola\u2066Nordmann']) {
    const res = await leader.post(
      `/participants/${r.member}`,
      await formOf(r.member, { name }),
      `/participants/${r.member}/edit`,
    );
    expect({ name, status: res.status }).toEqual({ name, status: 422 });
    expect(fieldError(res.text, 'name')).toMatch(/kontrolltegn/);
  }
  const decomposed = 'A\u030Ase Bj\u00F8rnstad';
  const saved = await leader.post(
    `/participants/${r.member}`,
    await formOf(r.member, { name: decomposed }),
    `/participants/${r.member}/edit`,
  );
  expect(saved.status).toBe(303);
  expect((await t.db('participants').where({ id: r.member }).first())!.name).toBe('\u00C5se Bj\u00F8rnstad');
});
