import request from 'supertest';
import { sendDueReminders } from '../../src/invitations/reminders';
import { renderEmail } from '../../src/mail/templates';
import { startTestApp, type TestApp } from '../support/app';
import { makeMembership, makeNetwork, makeParticipant, makeRegion, makeSector, makeUnit } from '../support/factories';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const DAY = 24 * 60 * 60 * 1000;

/** A network whose invitations for a gathering `daysAhead` from now are out. */
async function setup(daysAhead: number) {
  const regionId = await makeRegion(t.db);
  const networkId = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const host = await makeUnit(t.db, {
    region_id: regionId,
    manager_name: 'Mona Leder',
    manager_email: 'mona.leder@kommune.example',
  });
  const presenter = await makeUnit(t.db, { region_id: regionId });
  const leader = await makeParticipant(t.db, { unit_id: presenter, email: `leder${networkId}@dps.example` });
  const hostPerson = await makeParticipant(t.db, { unit_id: host, email: `vert${networkId}@kommune.example` });
  const declined = await makeParticipant(t.db, { unit_id: host, email: `nei${networkId}@kommune.example` });
  await makeMembership(t.db, { network_id: networkId, participant_id: leader, role: 'leader' });
  await makeMembership(t.db, { network_id: networkId, participant_id: hostPerson });
  await makeMembership(t.db, { network_id: networkId, participant_id: declined });
  const start = new Date(Date.now() + daysAhead * DAY);
  const [g] = await t
    .db('gatherings')
    .insert({
      starts_at: start,
      ends_at: new Date(start.getTime() + 3 * 3600 * 1000),
      format: 'physical',
      status: 'planned',
      host_unit_id: host,
      venue: 'Sted',
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: g!.id, network_id: networkId });
  await t.db('gathering_presenters').insert({ gathering_id: g!.id, unit_id: presenter });
  for (const person of [leader, hostPerson, declined])
    await t.db('invitations').insert({
      gathering_id: g!.id,
      participant_id: person,
      sent_version: 1,
      answer: person === declined ? 'no' : null,
    });
  return { gatheringId: g!.id as number, leader, hostPerson, declined, networkId };
}

const queued = (gatheringId: number) =>
  t.db('reminders_sent').where({ gathering_id: gatheringId }).orderBy(['kind', 'email']).select('kind', 'email');

test("ten days ahead: the host and presenting units (and the host's manager) are reminded, and the leader about the late agenda — each once", async () => {
  const { gatheringId, networkId } = await setup(10);
  const [first, second] = await Promise.all([
    sendDueReminders(t.db, 'https://samling.test'),
    sendDueReminders(t.db, 'https://samling.test'),
  ]);
  expect(first + second).toBeGreaterThan(0);
  expect(await queued(gatheringId)).toEqual([
    { kind: 'agendaDue', email: `leder${networkId}@dps.example` },
    { kind: 'preparation', email: `leder${networkId}@dps.example` },
    { kind: 'preparation', email: 'mona.leder@kommune.example' },
    { kind: 'preparation', email: `nei${networkId}@kommune.example` },
    { kind: 'preparation', email: `vert${networkId}@kommune.example` },
  ]);
  const emails = await t.db('outgoing_emails').where({ template: 'reminder', network_id: networkId });
  expect(emails).toHaveLength(5);
  expect(emails.find((e) => e.to_email === 'mona.leder@kommune.example')?.subject).toMatch(/^Forberedelse: /);
  expect(await sendDueReminders(t.db, 'https://samling.test')).toBe(0);
});

test('ten days ahead, the unit that brings the case is reminded too, told its duty is the case', async () => {
  const { gatheringId, networkId } = await setup(10);
  const caseUnit = await makeUnit(t.db, {
    manager_name: 'Kari Kasus',
    manager_email: `kasus${networkId}@kommune.example`,
  });
  const casePerson = await makeParticipant(t.db, {
    unit_id: caseUnit,
    email: `kasusperson${networkId}@kommune.example`,
  });
  await makeMembership(t.db, { network_id: networkId, participant_id: casePerson });
  await t.db('gatherings').where({ id: gatheringId }).update({ case_unit_id: caseUnit });
  await sendDueReminders(t.db, 'https://samling.test');
  const preparation = (await queued(gatheringId)).filter((r) => r.kind === 'preparation').map((r) => r.email);
  expect(preparation).toEqual(
    expect.arrayContaining([`kasus${networkId}@kommune.example`, `kasusperson${networkId}@kommune.example`]),
  );
  const mail = await t
    .db('outgoing_emails')
    .where({ template: 'reminder', to_email: `kasusperson${networkId}@kommune.example` })
    .first();
  expect((mail?.params as { duty?: string } | undefined)?.duty).toBe('kasus (et anonymisert kasus å legge fram)');
});

test('a day ahead, participants and stand-ins are reminded — not those who said no, but always the leader', async () => {
  const { gatheringId, networkId, declined } = await setup(1);
  // A colleague stands in for the one who said no.
  const standIn = await makeParticipant(t.db, { email: `vikar${networkId}@kommune.example` });
  await t
    .db('invitations')
    .insert({ gathering_id: gatheringId, participant_id: standIn, sent_version: 1, stands_in_for: declined });
  await t.db('agenda_versions').insert({
    gathering_id: gatheringId,
    version: 1,
    snapshot: JSON.stringify({ topic: '', startTime: '12:00', endTime: '15:00', items: [] }),
  });
  await sendDueReminders(t.db, 'https://samling.test');
  const participants = (await queued(gatheringId)).filter((r) => r.kind === 'participants').map((r) => r.email);
  expect(participants).toEqual([
    `leder${networkId}@dps.example`,
    `vert${networkId}@kommune.example`,
    `vikar${networkId}@kommune.example`,
  ]);
  // Answers go to the leader; the reminder has answer buttons and an agenda link that need no sign-in.
  const mail = await t
    .db('outgoing_emails')
    .where({ template: 'reminder', to_email: `vert${networkId}@kommune.example` })
    .whereRaw("params->>'context' = 'participants'")
    .first();
  expect(mail!.reply_to).toBe(`leder${networkId}@dps.example`);
  const params = mail!.params as Record<string, string>;
  const secretParams = mail!.secret_params as Record<string, string>;
  const rsvp = new URL(secretParams.rsvpUrl!).pathname;
  expect(secretParams.url).toBe(`https://samling.test${rsvp}/agenda`);
  expect((await request(t.app).get(rsvp)).status).toBe(200);
  const rendered = renderEmail('reminder', 'nb', { ...params, ...secretParams });
  expect(rendered.text).toContain(`Ja, jeg kommer: https://samling.test${rsvp}?answer=yes`);
  expect(rendered.html).toContain(`href="https://samling.test${rsvp}?answer=no"`);
});

test('a cancelled gathering gets no reminders, and a moved one follows its new time', async () => {
  const cancelled = await setup(1);
  await t.db('gatherings').where({ id: cancelled.gatheringId }).update({ status: 'cancelled' });
  const moved = await setup(1);
  await t
    .db('gatherings')
    .where({ id: moved.gatheringId })
    .update({ starts_at: new Date(Date.now() + 60 * DAY), ends_at: new Date(Date.now() + 60 * DAY + 3600 * 1000) });
  await sendDueReminders(t.db, 'https://samling.test');
  expect(await queued(cancelled.gatheringId)).toEqual([]);
  expect(await queued(moved.gatheringId)).toEqual([]);
});

test("a joint fagdag's late agenda is the region's KORUS admins' to publish, and every reminder names the fagdag", async () => {
  const a = await setup(10);
  const { region_id: regionId } = await t
    .db('networks as n')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('n.id', a.networkId)
    .first('s.region_id');
  const otherNetwork = await makeNetwork(t.db, { sector_id: await makeSector(t.db, { region_id: regionId }) });
  const otherLeader = await makeParticipant(t.db, { email: `leder${otherNetwork}@dps.example` });
  await makeMembership(t.db, { network_id: otherNetwork, participant_id: otherLeader, role: 'leader' });
  await t.db('gatherings').where({ id: a.gatheringId }).update({ kind: 'fagdag' });
  await t.db('gathering_networks').insert({ gathering_id: a.gatheringId, network_id: otherNetwork });
  const korus = await makeParticipant(t.db, { email: `korus${regionId}@korus.example` });
  await t.db('korus_admins').insert({ participant_id: korus, region_id: regionId });

  await sendDueReminders(t.db, 'https://samling.test');
  const agendaDue = (await queued(a.gatheringId)).filter((r) => r.kind === 'agendaDue').map((r) => r.email);
  expect(agendaDue).toEqual([`korus${regionId}@korus.example`]);
  const subjects = await t
    .db('outgoing_emails')
    .where({ template: 'reminder' })
    .whereIn('to_email', agendaDue)
    .pluck('subject');
  expect(subjects).toEqual(['Agendaen bør publiseres: Felles fagdag']);
  const preparation = await t
    .db('outgoing_emails')
    .where({ template: 'reminder', to_email: `vert${a.networkId}@kommune.example` })
    .pluck('subject');
  expect(preparation).toEqual([expect.stringMatching(/^Forberedelse: Felles fagdag /)]);
});

test('the day after a gathering whose attendance is not registered, its leader is reminded once, with a link to its page', async () => {
  const { gatheringId, networkId } = await setup(-3);
  const [done] = await t
    .db('gatherings')
    .insert({
      starts_at: new Date(Date.now() - 3 * DAY),
      ends_at: new Date(Date.now() - 3 * DAY + 3 * 3600 * 1000),
      format: 'digital',
      status: 'planned',
      attendance_recorded_at: new Date(),
    })
    .returning('id');
  await t.db('gathering_networks').insert({ gathering_id: done!.id, network_id: networkId });
  await t.db('evaluation_requests').insert({
    gathering_id: done!.id,
    participant_id: (await t.db('memberships').where({ network_id: networkId, role: 'leader' }).first())!
      .participant_id,
    token_hash: Buffer.from('x'.repeat(32)),
  });
  await sendDueReminders(t.db, 'https://samling.test');
  expect(await queued(gatheringId)).toEqual([{ kind: 'followUp', email: `leder${networkId}@dps.example` }]);
  // A gathering followed up already (attendance and evaluation) gets nothing.
  expect(await queued(done!.id)).toEqual([]);
  const [mail] = await t.db('outgoing_emails').where({ template: 'reminder', network_id: networkId });
  expect(mail!.subject).toMatch(/^Etter samlingen: /);
  expect((mail!.params as Record<string, string>).url).toBe(`https://samling.test/gatherings/${gatheringId}`);
  expect(await sendDueReminders(t.db, 'https://samling.test')).toBe(0);
});

test('no follow-up before 07:00 the day after, nor for a gathering more than a week ago', async () => {
  const { gatheringId: tooOld } = await setup(-9);
  await sendDueReminders(t.db, 'https://samling.test');
  expect(await queued(tooOld)).toEqual([]);
  // Ended a minute ago: the day after has not begun.
  const { gatheringId: justEnded } = await setup(0);
  await t
    .db('gatherings')
    .where({ id: justEnded })
    .update({ starts_at: new Date(Date.now() - 3 * 3600_000), ends_at: new Date(Date.now() - 60_000) });
  await sendDueReminders(t.db, 'https://samling.test');
  expect((await queued(justEnded)).filter((r) => r.kind === 'followUp')).toEqual([]);
});
