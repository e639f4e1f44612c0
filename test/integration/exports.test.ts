import { DateTime } from 'luxon';
import { startTestApp, type TestApp } from '../support/app';
import { yearStory } from '../support/year';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from '../support/factories';

// KORUS's CSV exports of participants, attendance and evaluations, over a small year of one
// network built through the app (as in overview.test.ts), with a network in another region
// that must never show.
const YEAR = DateTime.now().setZone('Europe/Oslo').year - 1;

let t: TestApp;
let story: ReturnType<typeof yearStory>;
let networkId: number;
let otherNetworkId: number;
let admin: number;
const p: Record<string, number> = {};
const g: Record<string, number> = {};

beforeAll(async () => {
  t = await startTestApp({ BASE_URL: 'https://samling.test' });
  story = yearStory(t, YEAR);
  const regionId = await makeRegion(t.db, { name: 'Vestland nord' });
  const sectorId = await makeSector(t.db, { region_id: regionId, name: 'Øyane DPS' });
  networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Øyane' });
  const otherRegion = await makeRegion(t.db, { name: 'Helse Fonna' });
  otherNetworkId = await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: otherRegion }),
    name: 'ROP-nettverk Haugesund',
  });
  const municipal = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Alver kommune',
    name: 'Rusteam',
    service_type: 'municipal',
  });
  const phv = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Helse Bergen',
    name: 'Øyane DPS poliklinikk',
    service_type: 'mentalHealth',
  });
  const tsb = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Helse Bergen',
    name: 'Rusbehandling Knarvik',
    service_type: 'addiction',
  });
  const userOrg = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Mental Helse',
    name: 'Nordhordland',
    service_type: 'userOrganisation',
  });
  const people = [
    ['leader', phv, 'leader', 'Liv Leder', 'psychologist', false],
    ['anna', municipal, 'workingGroup', 'Anna Alver', 'nurse', false],
    ['bjorn', tsb, 'participant', 'Bjørn Berge', 'physician', false],
    ['cecilie', municipal, 'participant', '=Cecilie Formel', 'socialWorker', false],
    ['ulla', userOrg, 'participant', 'Ulla Bruker', 'experienceConsultant', true],
  ] as const;
  for (const [key, unit, role, name, profession, userRep] of people) {
    p[key] = await makeParticipant(t.db, {
      unit_id: unit,
      name,
      profession,
      email: `${key}@oyane.example`,
      is_user_representative: userRep,
    });
    await makeMembership(t.db, { network_id: networkId, participant_id: p[key] as number, role });
  }
  // Someone who left the network is not a current member.
  p.former = await makeParticipant(t.db, { unit_id: municipal, name: 'Frida Forrige', email: 'former@oyane.example' });
  await makeMembership(t.db, {
    network_id: networkId,
    participant_id: p.former,
    starts_on: `${YEAR - 2}-01-01`,
    ends_on: `${YEAR - 1}-12-31`,
  });
  p.sigrid = await makeParticipant(t.db, {
    unit_id: municipal,
    name: 'Sigrid Stedfortreder',
    email: 'sigrid@oyane.example',
  });
  p.hanne = await makeParticipant(t.db, {
    unit_id: await makeUnit(t.db, { region_id: otherRegion }),
    name: 'Hanne Haugesund',
    email: 'hanne@fonna.example',
  });
  await makeMembership(t.db, { network_id: otherNetworkId, participant_id: p.hanne, role: 'leader' });
  await t.db('year_plans').insert({ network_id: networkId, year: YEAR, accepted_by: p.leader });
  admin = await makeKorusAdmin(t.db, regionId);

  // Cecilie said no, Bjørn never answered, the others said yes.
  const invited = ['leader', 'anna', 'bjorn', 'cecilie'].map((who) => ({
    participantId: p[who] as number,
    answer: who === 'cecilie' ? 'no' : who === 'bjorn' ? null : 'yes',
  }));
  g.march = await story.gathering(networkId, '03-12', 'physical', invited, { topic: 'Tema march' });
  g.june = await story.gathering(networkId, '06-11', 'digital', invited, { topic: 'Tema june' });
  g.september = await story.gathering(networkId, '09-10', 'physical', invited, { topic: 'Tema september' });
  g.november = await story.gathering(networkId, '11-19', 'hybrid', invited, {
    status: 'cancelled',
    topic: 'Tema november',
  });
  g.haugesund = await story.gathering(
    otherNetworkId,
    '05-07',
    'physical',
    [{ participantId: p.hanne as number, answer: 'yes' }],
    { topic: 'Tema haugesund' },
  );

  const leader = await t.client().signIn(p.leader as number);
  const ids = (...who: string[]) => who.map((w) => p[w] as number);
  await story.register(leader, g.march, ids('leader', 'anna', 'bjorn'));
  await story.standIn(leader, g.june, p.cecilie as number, p.sigrid as number);
  await story.register(leader, g.june, ids('leader', 'anna', 'sigrid'));
  await story.register(leader, g.september, ids('leader', 'anna', 'bjorn', 'cecilie'));
  await story.guest(leader, g.september, {
    name: 'Nora NAV',
    unitName: 'NAV Alver',
    profession: 'navAdviser',
    serviceType: 'welfare',
  });
  const evaluate = (gatheringId: number, scores: number[]) =>
    story.evaluate(gatheringId, scores, (i) => ({
      topic_relevant: i !== 0,
      what_worked: 'Fritekst som aldri skal ut',
    }));
  await evaluate(g.march, [4, 5, 3]);
  await evaluate(g.june, [5, 5]); // two answers: never shown on their own
  await evaluate(g.september, [2, 3]);
});
afterAll(() => t.close());

async function csv(path: string, as = admin) {
  const res = await (await t.client().signIn(as))
    .get(path)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  const body = res.body as Buffer;
  return {
    res,
    body,
    lines:
      res.status === 200
        ? body
            .toString('utf8')
            .slice(1)
            .split('\r\n')
            .filter((line) => line !== '')
        : [],
  };
}

const auditRows = (action: string) => t.db('audit_log').where({ action }).select('actor_id', 'entity_type', 'changes');

test("participants: the current members of the admin's networks, as Norwegian Excel opens them, audited", async () => {
  const { res, body, lines } = await csv(`/overview/participants.csv?year=${YEAR}`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toContain('samling-deltakere.csv');
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(lines).toEqual([
    'Region;DPS-sektor;Nettverk;Rolle;Navn;Enhet;Tjenestetype;Yrke;Brukerrepresentant;Pårørenderepresentant;E-post (jobb)',
    'Vestland nord;Øyane DPS;ROP-nettverk Øyane;Nettverksleder;Liv Leder;Helse Bergen – Øyane DPS poliklinikk;Psykisk helsevern;Psykolog;Nei;Nei;leader@oyane.example',
    'Vestland nord;Øyane DPS;ROP-nettverk Øyane;Arbeidsgruppe;Anna Alver;Alver kommune – Rusteam;Kommune;Sykepleier;Nei;Nei;anna@oyane.example',
    "Vestland nord;Øyane DPS;ROP-nettverk Øyane;Fast deltaker;'=Cecilie Formel;Alver kommune – Rusteam;Kommune;Sosionom;Nei;Nei;cecilie@oyane.example",
    'Vestland nord;Øyane DPS;ROP-nettverk Øyane;Fast deltaker;Bjørn Berge;Helse Bergen – Rusbehandling Knarvik;Rusbehandling (TSB);Lege;Nei;Nei;bjorn@oyane.example',
    'Vestland nord;Øyane DPS;ROP-nettverk Øyane;Fast deltaker;Ulla Bruker;Mental Helse – Nordhordland;Bruker- og pårørendeorganisasjon;Erfaringskonsulent;Ja;Nei;ulla@oyane.example',
  ]);
  expect(body.toString('utf8')).not.toContain('Haugesund');
  expect(body.toString('utf8')).not.toContain('Frida Forrige');
  // Audited: who, with which filter and how many rows; never the rows.
  const audit = await auditRows('exportParticipants');
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actor_id: admin, entity_type: 'overview' });
  expect(JSON.stringify(audit[0]!.changes)).not.toContain('Liv Leder');
  expect(audit[0]!.changes).toEqual({
    filters: { before: null, after: { year: YEAR } },
    rows: { before: null, after: 5 },
  });
});

test('attendance: a row per gathering and person invited, present or guest, with stand-ins and guests', async () => {
  const { res, lines } = await csv(`/overview/attendance.csv?year=${YEAR}`);
  expect(res.status).toBe(200);
  expect(lines[0]).toBe('Nettverk;Dato;Form;Status;Navn;Enhet;Tjenestetype;Invitert som;Svar;Til stede');
  const n = 'ROP-nettverk Øyane';
  expect(lines.filter((line) => line.includes('12.03.')).sort()).toEqual([
    `${n};12.03.${YEAR};Fysisk;Holdt;'=Cecilie Formel;Alver kommune – Rusteam;Kommune;Fast deltaker;Kan ikke;Nei`,
    `${n};12.03.${YEAR};Fysisk;Holdt;Anna Alver;Alver kommune – Rusteam;Kommune;Fast deltaker;Kommer;Ja`,
    `${n};12.03.${YEAR};Fysisk;Holdt;Bjørn Berge;Helse Bergen – Rusbehandling Knarvik;Rusbehandling (TSB);Fast deltaker;Har ikke svart;Ja`,
    `${n};12.03.${YEAR};Fysisk;Holdt;Liv Leder;Helse Bergen – Øyane DPS poliklinikk;Psykisk helsevern;Fast deltaker;Kommer;Ja`,
  ]);
  // June: the leader named Sigrid as Cecilie's stand-in (so no answer of her own); Bjørn did not come.
  expect(lines).toContain(
    `${n};11.06.${YEAR};Digitalt;Holdt;Sigrid Stedfortreder;Alver kommune – Rusteam;Kommune;Stedfortreder for =Cecilie Formel;Har ikke svart;Ja`,
  );
  expect(lines).toContain(
    `${n};11.06.${YEAR};Digitalt;Holdt;Bjørn Berge;Helse Bergen – Rusbehandling Knarvik;Rusbehandling (TSB);Fast deltaker;Har ikke svart;Nei`,
  );
  expect(lines.filter((line) => line.includes('11.06.'))).toHaveLength(5);
  // September: a guest, after the invited people.
  expect(lines.filter((line) => line.includes('10.09.')).at(-1)).toBe(
    `${n};10.09.${YEAR};Fysisk;Holdt;Nora NAV;NAV Alver;NAV;Gjest;;Ja`,
  );
  // The cancelled gathering: invitations listed, nobody present, attendance never known.
  expect(lines).toContain(
    `${n};19.11.${YEAR};Hybrid;Avlyst;Liv Leder;Helse Bergen – Øyane DPS poliklinikk;Psykisk helsevern;Fast deltaker;Kommer;`,
  );
  expect(lines).toHaveLength(1 + 4 + 5 + 5 + 4);
  expect(lines.join('\n')).not.toContain('Haugesund');
  expect(await auditRows('exportAttendance')).toHaveLength(1);
});

test('evaluations: a row per held gathering; figures only from three answers, never single answers', async () => {
  const { res, body, lines } = await csv(`/overview/evaluations.csv?year=${YEAR}`);
  expect(res.status).toBe(200);
  const n = 'ROP-nettverk Øyane';
  expect(lines).toEqual([
    'Nettverk;Dato;Tema;Spurt;Svart;Nytte (1–5);Relevant tema (%);Nok erfaringsutveksling (%);Mål for samlingen;Nådde målet (1–5);Merknad',
    // (4 + 5 + 3) / 3; the first answer found the topic not relevant; everyone scored above 2.
    `${n};12.03.${YEAR};Tema march;3;3;4,0;67;100;;;`,
    `${n};11.06.${YEAR};Tema june;3;2;;;;;;under 3 svar`,
    `${n};10.09.${YEAR};Tema september;4;2;;;;;;under 3 svar`,
  ]);
  expect(body.toString('utf8')).not.toContain('Fritekst');

  // A third answer for September (topic not relevant to this one): now shown, (2 + 3 + 4) / 3.
  await story.evaluate(g.september as number, [4], () => ({
    topic_relevant: false,
    what_worked: 'Fritekst som aldri skal ut',
  }));
  const again = await csv(`/overview/evaluations.csv?year=${YEAR}`);
  expect(again.lines).toContain(`${n};10.09.${YEAR};Tema september;4;3;3,0;33;67;;;`);
});

test("the overview's filters apply, an admin of all regions sees every region, and nynorsk headers follow the language", async () => {
  const otherRegion = await csv(`/overview/participants.csv?region=${999_999}`);
  expect(otherRegion.res.status).toBe(200);
  expect(otherRegion.lines).toHaveLength(1);
  const learning = await csv(`/overview/attendance.csv?year=${YEAR}&kind=learning`);
  expect(learning.lines).toHaveLength(1);
  const everyone = await makeKorusAdmin(t.db, null);
  const all = await csv(`/overview/participants.csv`, everyone);
  expect(all.lines.some((line) => line.startsWith('Helse Fonna;') && line.includes('Hanne Haugesund'))).toBe(true);

  const client = await t.client().signIn(admin);
  await client.post('/language', { lang: 'nn', returnTo: '/overview' }, '/overview');
  const res = await client.get(`/overview/participants.csv`).buffer(true);
  expect(
    String(res.text)
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0],
  ).toBe(
    'Region;DPS-sektor;Nettverk;Rolle;Namn;Eining;Tenestetype;Yrke;Brukarrepresentant;Pårørandrepresentant;E-post (jobb)',
  );
});

test('only KORUS admins may export; the overview links to the three exports with its filters', async () => {
  for (const path of ['/overview/participants.csv', '/overview/attendance.csv', '/overview/evaluations.csv']) {
    expect((await csv(path, p.leader as number)).res.status).toBe(403);
  }
  const page = await (await t.client().signIn(admin)).get(`/overview?year=${YEAR}`);
  for (const name of ['participants', 'attendance', 'evaluations'])
    expect(page.text).toContain(`href="/overview/${name}.csv?year&#x3D;${YEAR}"`);
});
