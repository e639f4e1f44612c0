import { issueRsvpTokens } from '../../src/invitations/queries';
import { csrfIn, startTestApp, type TestApp, type TestClient } from '../support/app';
import {
  makeGathering,
  makeKorusAdmin,
  makeMember,
  makeNetworkInRegion,
  makeParticipant,
  makeRegion,
} from '../support/factories';
import { docxWithParagraphs, exeBytes, pdfWithPages } from '../support/materialFiles';

// Materials through the pages, with files written by the test: uploaded, listed, downloaded with
// safe headers, refused for what they hold, served only to members and invitees, in the library.

// A valid fødselsnummer by its check digits (synthetic).
const FNR = '15076500565';
const DAY = 24 * 3600 * 1000;

let t: TestApp;
let regionId: number;
let networkId: number;
let otherNetworkId: number;
let leader: number;
let member: number;
let otherMember: number;
let outsider: number;
let korus: number;
let gatheringId: number;
let itemId: number;
let pastGatheringId: number;
let rsvpToken: string;

beforeAll(async () => {
  t = await startTestApp();
  regionId = await makeRegion(t.db, { name: 'Hordaland' });
  networkId = await makeNetworkInRegion(t.db, regionId, { name: 'ROP Bjørgvin' });
  otherNetworkId = await makeNetworkInRegion(t.db, regionId, { name: 'ROP Fana' });
  leader = await makeMember(t.db, networkId, { role: 'leader', name: 'Liv Leder' });
  member = await makeMember(t.db, networkId, { name: 'Per Deltaker' });
  otherMember = await makeMember(t.db, otherNetworkId, { name: 'Ola Annen' });
  outsider = await makeParticipant(t.db, { name: 'Ute Utenfor' });
  korus = await makeKorusAdmin(t.db, regionId);
  gatheringId = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: new Date(Date.now() + 30 * DAY),
    topic: 'Rus og psykose',
    invite: [member],
  });
  const [item] = await t
    .db('agenda_items')
    .insert({
      gathering_id: gatheringId,
      position: 1,
      kind: 'topicTalk',
      title: 'Innlegg om psykose',
      duration_minutes: 45,
    })
    .returning('id');
  itemId = (item as { id: number }).id;
  pastGatheringId = await makeGathering(t.db, {
    networkIds: [networkId],
    startsAt: new Date(Date.now() - 30 * DAY),
    topic: 'Ambulante team',
  });
  const invitation = await t.db('invitations').where({ gathering_id: gatheringId, participant_id: member }).first('id');
  [rsvpToken] = (await issueRsvpTokens(t.db, [invitation!.id])) as [string];
});
afterAll(() => t.close());

const as = (participantId: number) => t.client().signIn(participantId);
const materialCount = async () => Number((await t.db('materials').count({ n: '*' }).first())!.n);

/** Uploads through the form on `page` (its CSRF token, and its agenda item when the form fixes one). */
async function upload(
  client: TestClient,
  page: string,
  file: Buffer,
  name: string,
  fields: Record<string, string> = {},
) {
  const form = await client.get(page);
  expect(form.status).toBe(200);
  const fixedItem = /name="agendaItemId" value="([0-9]+)"/.exec(form.text)?.[1];
  let request = client.agent.post(`/gatherings/${gatheringId}/materials`).field('_csrf', csrfIn(form.text));
  if (fixedItem) request = request.field('agendaItemId', fixedItem);
  for (const [key, value] of Object.entries(fields)) request = request.field(key, value);
  return request.attach('file', file, name);
}

const refusal = (html: string) =>
  /id="field-file-error" role="alert">([^<]*)</
    .exec(html)?.[1]
    ?.replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The download links a page lists, by the file name shown. */
const links = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<a class="ds-link" href="([^"]+)" download>([^<]+)<\/a>/g)].map((m) => [m[2], m[1]]),
  );

test('a leader attaches a PDF on the gathering page and a Word document on the agenda item page, and downloads both as attachments', async () => {
  const client = await as(leader);
  const network = await client.get(`/networks/${networkId}`);
  expect(network.text).toContain(`href="/networks/${networkId}/library"`);
  const hub = await client.get(`/gatherings/${gatheringId}`);
  expect(hub.text).toContain(`action="/gatherings/${gatheringId}/materials"`);
  const pdf = pdfWithPages(['Velkommen til samling', 'Program']);
  const first = await upload(client, `/gatherings/${gatheringId}`, pdf, 'Lysark.pdf');
  expect(first.status).toBe(303);
  expect(first.headers.location).toBe(`/gatherings/${gatheringId}/materials`);

  const itemPage = `/gatherings/${gatheringId}/agenda/items/${itemId}/edit`;
  const docx = docxWithParagraphs(['Utdeling', 'Ingen personopplysninger her']);
  const second = await upload(client, itemPage, docx, 'Håndout – psykose.docx');
  expect(second.status).toBe(303);

  const page = await client.get(`/gatherings/${gatheringId}/materials`);
  expect(page.text).toContain('Filen er lagt ved.');
  expect(page.text).toContain('til «Innlegg om psykose»');
  const found = links(page.text);
  expect(Object.keys(found).sort()).toEqual(['Håndout – psykose.docx', 'Lysark.pdf']);
  expect((await client.get(itemPage)).text).toContain('Håndout – psykose.docx');

  const pdfDownload = await client.get(found['Lysark.pdf'] as string).buffer(true);
  expect(pdfDownload.status).toBe(200);
  expect(pdfDownload.headers['content-type']).toBe('application/pdf');
  expect(pdfDownload.headers['content-disposition']).toBe(
    `attachment; filename="Lysark.pdf"; filename*=UTF-8''Lysark.pdf`,
  );
  expect(pdfDownload.headers['x-content-type-options']).toBe('nosniff');
  expect(pdfDownload.headers['cache-control']).toBe('no-store');
  expect(Buffer.compare(pdfDownload.body as Buffer, pdf)).toBe(0);

  const docxDownload = await client.get(found['Håndout – psykose.docx'] as string).buffer(true);
  expect(docxDownload.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  expect(docxDownload.headers['content-disposition']).toBe(
    `attachment; filename="Ha_ndout _ psykose.docx"; filename*=UTF-8''H%C3%A5ndout%20%E2%80%93%20psykose.docx`,
  );
  const audit = await t.db('audit_log').where({ action: 'uploadMaterial', entity_id: gatheringId });
  expect(audit).toHaveLength(2);
});

test('a participant opens the materials from the invitation link, and only that gathering’s', async () => {
  const agenda = await t.client().get(`/rsvp/${rsvpToken}/agenda`);
  expect(agenda.status).toBe(200);
  const found = links(agenda.text.replace(/<a href=/g, '<a class="ds-link" href='));
  expect(found['Lysark.pdf']).toMatch(new RegExp(`^/rsvp/${rsvpToken}/materials/[0-9]+$`));
  const download = await t
    .client()
    .get(found['Lysark.pdf'] as string)
    .buffer(true);
  expect(download.status).toBe(200);
  expect(download.headers['content-disposition']).toMatch(/^attachment;/);
  expect(download.headers['cache-control']).toBe('no-store');
  expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');

  const elsewhere = await uploadedElsewhere();
  expect((await t.client().get(`/rsvp/${rsvpToken}/materials/${elsewhere}`)).status).toBe(404);
  expect((await t.client().get(`/rsvp/not-a-token/materials/${elsewhere}`)).status).toBe(404);
});

/** A material of the past gathering, put straight into the table. */
async function uploadedElsewhere(): Promise<number> {
  const existing = await t.db('materials').where({ gathering_id: pastGatheringId }).first('id');
  if (existing) return existing.id;
  const content = Buffer.from('Notater fra samlingen om ambulante team');
  const [row] = await t
    .db('materials')
    .insert({
      network_id: networkId,
      gathering_id: pastGatheringId,
      file_name: 'Notater.txt',
      media_type: 'text/plain',
      byte_size: content.length,
      content,
      uploaded_by: leader,
    })
    .returning('id');
  return (row as { id: number }).id;
}

test('files holding a fødselsnummer are refused naming where, and so are other kinds of file; nothing is kept', async () => {
  const client = await as(leader);
  const before = await materialCount();
  const page = `/gatherings/${gatheringId}/materials`;
  const cases: [Buffer, string, string][] = [
    [
      pdfWithPages(['Innledning', `Pasient ${FNR} ble innlagt`]),
      'Kasus.pdf',
      'Filen inneholder et fødselsnummer på side 2.',
    ],
    [
      docxWithParagraphs(['Kasus', 'Bakgrunn', `Født 150765 00565`]),
      'Kasus.docx',
      'Filen inneholder et fødselsnummer i avsnitt 3.',
    ],
    [Buffer.from(`Liste\n\n${FNR}\n`), 'liste.txt', 'Filen inneholder et fødselsnummer på linje 3.'],
    [pdfWithPages(['Trygt innhold']), `Kasus ${FNR}.pdf`, 'Filnavnet inneholder et fødselsnummer.'],
    [exeBytes(), 'program.pdf', 'Filtypen er ikke tillatt.'],
    [
      Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
      'side.txt',
      'Filtypen er ikke tillatt.',
    ],
  ];
  for (const [file, name, message] of cases) {
    const res = await upload(client, page, file, name);
    expect({ name, status: res.status }).toEqual({ name, status: 422 });
    expect(refusal(res.text)).toMatch(new RegExp(`^${message.replace(/[.()]/g, '\\$&')}`));
  }
  expect(await materialCount()).toBe(before);
  expect(JSON.stringify(await t.db('audit_log').select('changes'))).not.toContain(FNR);
});

test('a file over 20 MB is refused with a message, and the choice of agenda item is kept', async () => {
  const client = await as(leader);
  const before = await materialCount();
  const big = Buffer.concat([pdfWithPages(['Stor']), Buffer.alloc(21 * 1024 * 1024, 0x20)]);
  const res = await upload(client, `/gatherings/${gatheringId}/materials`, big, 'stor.pdf', {
    agendaItemId: String(itemId),
  });
  expect(res.status).toBe(422);
  expect(refusal(res.text)).toBe('Filen er for stor. Den kan være høyst 20 MB.');
  expect(res.text).toContain(`<option value="${itemId}" selected>`);
  expect(await materialCount()).toBe(before);
});

test('a broken upload (multipart without its boundary) is refused and keeps nothing; the next one works', async () => {
  const client = await as(leader);
  const before = await materialCount();
  const broken = await client.agent
    .post(`/gatherings/${gatheringId}/materials`)
    .set('Content-Type', 'multipart/form-data')
    .send('--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nhei\r\n--x--');
  expect(broken.status).toBe(403);
  expect(await materialCount()).toBe(before);
  const next = await upload(client, `/gatherings/${gatheringId}`, pdfWithPages(['Etterpå']), 'etterpaa.pdf');
  expect(next.status).toBe(303);
  expect(await materialCount()).toBe(before + 1);
});

test('only members, KORUS and invitees may read a material; only those who run the gathering may upload', async () => {
  const pdfId = (await t.db('materials').where({ file_name: 'Lysark.pdf' }).first('id'))!.id;
  expect((await (await as(member)).get(`/materials/${pdfId}`)).status).toBe(200);
  expect((await (await as(korus)).get(`/materials/${pdfId}`)).status).toBe(200);
  expect((await (await as(outsider)).get(`/materials/${pdfId}`)).status).toBe(403);
  expect((await (await as(otherMember)).get(`/materials/${pdfId}`)).status).toBe(403);
  expect((await (await as(member)).get('/materials/999999')).status).toBe(404);
  const anonymous = await t.client().get(`/materials/${pdfId}`);
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.location).toMatch(/^\/login/);
  const participant = await as(member);
  const page = await participant.get(`/gatherings/${gatheringId}/materials`);
  expect(page.status).toBe(200);
  expect(page.text).not.toContain('id="material-upload"');
  const res = await participant.agent
    .post(`/gatherings/${gatheringId}/materials`)
    .field('_csrf', csrfIn(page.text))
    .attach('file', pdfWithPages(['x']), 'x.pdf');
  expect(res.status).toBe(403);
});

test('the library lists the materials of gatherings that have been, by topic; KORUS shares one with the region', async () => {
  const elsewhere = await uploadedElsewhere();
  const library = await (await as(member)).get(`/networks/${networkId}/library`);
  expect(library.status).toBe(200);
  expect(library.text).toContain('Ambulante team');
  expect(library.text).toContain('Notater.txt');
  // The coming gathering's files are not in the library yet.
  expect(library.text).not.toContain('Lysark.pdf');

  const other = await as(otherMember);
  expect((await other.get(`/networks/${networkId}/library`)).status).toBe(403);
  expect((await other.get(`/materials/${elsewhere}`)).status).toBe(403);
  expect((await other.get(`/regions/${regionId}/library`)).text).not.toContain('Notater.txt');

  const admin = await as(korus);
  const page = await admin.get(`/gatherings/${pastGatheringId}/materials`);
  expect(page.text).toContain(`action="/materials/${elsewhere}/share"`);
  expect(
    (await admin.post(`/materials/${elsewhere}/share`, { shared: 'on' }, `/gatherings/${pastGatheringId}/materials`))
      .status,
  ).toBe(303);
  const shared = await other.get(`/regions/${regionId}/library`);
  expect(shared.text).toContain('Notater.txt');
  expect(shared.text).toContain('ROP Bjørgvin');
  const download = await other.get(`/materials/${elsewhere}`);
  expect(download.status).toBe(200);
  expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
  expect(await t.db('audit_log').where({ action: 'shareMaterial' })).toHaveLength(1);
  // Sharing is KORUS's: a leader's post is refused.
  expect((await (await as(leader)).post(`/materials/${elsewhere}/share`, {})).status).toBe(403);
});

test('a participant may not delete a material; the leader does, and it is audited', async () => {
  const pdfId = (await t.db('materials').where({ file_name: 'Lysark.pdf' }).first('id'))!.id;
  expect((await (await as(member)).post(`/materials/${pdfId}/delete`, { confirm: 'yes' })).status).toBe(403);
  expect(await t.db('materials').where({ id: pdfId }).first('id')).toBeDefined();
  const client = await as(leader);
  const res = await client.post(
    `/materials/${pdfId}/delete`,
    { confirm: 'yes' },
    `/gatherings/${gatheringId}/materials`,
  );
  expect(res.status).toBe(303);
  const page = await client.get(res.headers.location as string);
  expect(page.text).toContain('Filen er slettet.');
  expect(page.text).not.toContain('Lysark.pdf');
  expect(await t.db('audit_log').where({ action: 'deleteMaterial', entity_id: gatheringId })).toHaveLength(1);
});

describe('a network’s quota', () => {
  let small: TestApp;
  beforeAll(async () => {
    small = await startTestApp({ MATERIALS_NETWORK_MB: '1' });
  });
  afterAll(() => small.close());

  test('an upload that would take the network past its quota is refused with a message', async () => {
    const region = await makeRegion(small.db);
    const network = await makeNetworkInRegion(small.db, region);
    const lead = await makeMember(small.db, network, { role: 'leader' });
    const gathering = await makeGathering(small.db, {
      networkIds: [network],
      startsAt: new Date(Date.now() + 10 * DAY),
    });
    const client = await small.client().signIn(lead);
    const page = `/gatherings/${gathering}/materials`;
    const text = (n: number) => Buffer.alloc(600 * 1024, `Linje ${n}\n`);
    const send = async (file: Buffer, name: string) => {
      const form = await client.get(page);
      return client.agent.post(page).field('_csrf', csrfIn(form.text)).attach('file', file, name);
    };
    expect((await send(text(1), 'en.txt')).status).toBe(303);
    const refused = await send(text(2), 'to.txt');
    expect(refused.status).toBe(422);
    expect(refusal(refused.text)).toMatch(
      /^Nettverket har ikke plass til flere filer: alle filene sammen kan være høyst 1 MB/,
    );
    expect(Number((await small.db('materials').count({ n: '*' }).first())!.n)).toBe(1);
  });
});
