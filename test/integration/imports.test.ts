import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { DROP_EXPIRED_DRAFTS_TASK, importTasks } from '../../src/imports/tasks';
import { csrfIn, startTestApp, type TestApp, type TestClient } from '../support/app';
import {
  makeKorusAdmin,
  makeMember,
  makeNetworkInRegion,
  makeParticipant,
  makeRegion,
  makeUnit,
} from '../support/factories';

// Spreadsheet import driven through the pages with real files written here: upload → preview →
// confirm, then the database checked.
let t: TestApp;
let regionId: number;
let adminId: number;
beforeAll(async () => {
  t = await startTestApp();
  regionId = await makeRegion(t.db, { name: 'Sunnhordland' });
  adminId = await makeKorusAdmin(t.db, regionId);
});
afterAll(() => t.close());

const asAdmin = () => t.client().signIn(adminId);

/** Uploads a file the way the browser's form does; gives the response (a 303 to the preview, or the form again). */
async function upload(client: TestClient, path: string, file: Buffer, name: string) {
  const form = await client.get(path);
  expect(form.status).toBe(200);
  return client.agent.post(path).field('_csrf', csrfIn(form.text)).attach('file', file, name);
}

/** Confirms the preview at `previewPath` with the mapping it shows. */
async function confirm(client: TestClient, previewPath: string) {
  const preview = await client.get(previewPath);
  const fields: Record<string, string> = { _csrf: csrfIn(preview.text) };
  for (const [, name, value] of preview.text.matchAll(/<input type="hidden" name="(m[0-9]+)" value="([^"]*)">/g))
    fields[name!] = value!;
  return client.agent.post(previewPath).type('form').send(fields);
}

async function xlsx(rows: unknown[][], edit?: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Ark1');
  for (const row of rows) sheet.addRow(row);
  edit?.(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const HEADERS = ['Navn', 'E-post', 'Telefon', 'Virksomhet', 'Enhet', 'Yrke', 'Tjenestetype', 'Kommentar'];

test('an .xlsx of units and people: the columns proposed, every row previewed, one transaction and one audit entry, and the same file twice changes nothing', async () => {
  const existingUnit = await makeUnit(t.db, {
    region_id: regionId,
    organisation: 'Stord kommune',
    name: 'Rus og psykisk helse',
  });
  const existing = await makeParticipant(t.db, {
    unit_id: existingUnit,
    name: 'Kari Gammel',
    email: 'kari@stord.example',
  });
  const file = await xlsx(
    [
      HEADERS,
      [
        'Ola Nordmann',
        'ola@stord.example',
        '912 34 567',
        'Stord kommune',
        'Rus og psykisk helse',
        'Sykepleier',
        '',
        '',
      ],
      ['Kari Ny', 'KARI@stord.example', '', 'Stord kommune', 'Rus og psykisk helse', 'Psykolog', '', 'ble gift'],
      ['Per Hansen', 'per@fitjar.example', '', 'Fitjar kommune', 'Helse og omsorg', 'Sosionom', 'Kommune', ''],
      ['Pål Hansen', 'pal@fitjar.example', '', 'Fitjar kommune', 'Helse og omsorg', 'Lege', '', ''],
      ['Fnr i kommentar', 'fnr@stord.example', '', 'Stord kommune', 'Rus og psykisk helse', '', '', 'pnr 01010012356'],
      ['Feil e-post', 'ikke-epost', '', 'Stord kommune', 'Rus og psykisk helse', '', '', ''],
    ],
    (sheet) => {
      // A formula: read as the value Excel saved, never evaluated.
      sheet.getCell('A8').value = { formula: 'CONCATENATE("Eva"," ","Formel")', result: 'Eva Formel' };
      sheet.getCell('B8').value = 'eva@stord.example';
      sheet.getCell('D8').value = 'Stord kommune';
      sheet.getCell('E8').value = 'Rus og psykisk helse';
    },
  );
  const client = await asAdmin();
  const uploaded = await upload(client, `/regions/${regionId}/import`, file, 'deltakere.xlsx');
  expect(uploaded.status).toBe(303);
  const previewPath = uploaded.headers.location as string;
  const preview = await client.get(previewPath);
  expect(preview.status).toBe(200);
  // Proposed mapping: the comment column is not read.
  expect(preview.text).toMatch(/name="m1">[\s\S]*?value="email" selected/);
  expect(preview.text).toMatch(/name="m7">\s*<option value="" selected/);
  expect(preview.text).toContain('7 rader: 4 nye personer, 1 oppdateres, 1 ny enhet, 0 nye medlemmer, 2 avvist.');
  expect(preview.text).toContain('Ny enhet: Fitjar kommune – Helse og omsorg');
  expect(preview.text).toContain('Oppdaterer personen med samme e-post (navn, yrke)');
  expect(preview.text).toContain('Enheten fra rad 4');
  expect(preview.text).toContain('Kommentar: Teksten ser ut til å inneholde et fødselsnummer');
  expect(preview.text).not.toContain('01010012356');
  expect(preview.text).toContain('E-post: Skriv en gyldig e-postadresse');
  // The draft never held the number either.
  expect(JSON.stringify(await t.db('import_drafts').select('rows'))).not.toContain('01010012356');
  // Nothing written before the confirmation.
  expect(await t.db('participants').where({ email: 'ola@stord.example' }).first()).toBeUndefined();

  const done = await confirm(client, previewPath);
  expect(done.status).toBe(303);
  expect(done.headers.location).toBe(`/regions/${regionId}`);
  const ola = await t.db('participants').where({ email: 'ola@stord.example' }).first();
  expect(ola).toMatchObject({ name: 'Ola Nordmann', phone: '912 34 567', profession: 'nurse', unit_id: existingUnit });
  expect(await t.db('participants').where({ id: existing }).first()).toMatchObject({
    name: 'Kari Ny',
    profession: 'psychologist',
  });
  const fitjar = await t.db('units').where({ region_id: regionId, organisation: 'Fitjar kommune' });
  expect(fitjar).toHaveLength(1);
  expect(fitjar[0]).toMatchObject({ name: 'Helse og omsorg', service_type: 'municipal' });
  expect(await t.db('participants').where({ unit_id: fitjar[0]!.id }).pluck('email')).toHaveLength(2);
  expect(await t.db('participants').where({ email: 'eva@stord.example' }).first()).toMatchObject({
    name: 'Eva Formel',
  });
  expect(await t.db('participants').where({ email: 'fnr@stord.example' }).first()).toBeUndefined();
  const audits = await t.db('audit_log').where({ action: 'import' });
  expect(audits).toHaveLength(1);
  expect((audits[0]!.changes as { rows: { after: number } }).rows.after).toBe(7);
  expect(await t.db('import_drafts').count({ n: '*' }).first()).toEqual({ n: 0 });

  // The same file again: everything is found, nothing changes, no second audit entry.
  const before = await t.db('participants').select('id', 'version').orderBy('id');
  const again = await upload(client, `/regions/${regionId}/import`, file, 'deltakere.xlsx');
  const secondPreview = await client.get(again.headers.location as string);
  expect(secondPreview.text).toContain(
    '7 rader: 0 nye personer, 0 oppdateres, 0 nye enheter, 0 nye medlemmer, 2 avvist.',
  );
  expect((await confirm(client, again.headers.location as string)).status).toBe(303);
  expect(await t.db('participants').select('id', 'version').orderBy('id')).toEqual(before);
  expect(await t.db('audit_log').where({ action: 'import' })).toHaveLength(1);
});

test('an identity number typed into a number cell, its leading zero lost, refuses its row and is never kept', async () => {
  // 01010012356 typed into a cell Excel reads as a number is stored as 1010012356.
  const file = await xlsx([
    HEADERS,
    ['Tall i cellen', 'tall@stord.example', 1010012356, 'Stord kommune', 'Rus', '', '', ''],
  ]);
  const client = await asAdmin();
  const uploaded = await upload(client, `/regions/${regionId}/import`, file, 'tall.xlsx');
  expect(uploaded.status).toBe(303);
  const preview = await client.get(uploaded.headers.location as string);
  expect(preview.text).toContain('1 rad: 0 nye personer');
  expect(preview.text).not.toContain('1010012356');
  expect(JSON.stringify(await t.db('import_drafts').select('rows'))).not.toContain('1010012356');
});

test('CSV as Excel writes it in Norway: semicolons in Windows-1252, and UTF-8 with a BOM', async () => {
  const client = await asAdmin();
  const text =
    'Navn;E-post;Virksomhet;Enhet;Tjenestetype\r\nÆse Østby;ase@kvinnherad.example;Kvinnherad kommune;Rustenesta;Kommune\r\n';
  const latin = iconv.encode(text, 'win1252');
  const res = await upload(client, `/regions/${regionId}/import`, latin, 'ark.csv');
  expect(res.status).toBe(303);
  expect((await confirm(client, res.headers.location as string)).status).toBe(303);
  expect(await t.db('participants').where({ email: 'ase@kvinnherad.example' }).first()).toMatchObject({
    name: 'Æse Østby',
  });

  const bom = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(text.replace('ase@', 'aase@').replace('Æse', 'Åse')),
  ]);
  const second = await upload(client, `/regions/${regionId}/import`, bom, 'ark.csv');
  const preview = await client.get(second.headers.location as string);
  expect(preview.text).toMatch(/name="m0">[\s\S]*?value="name" selected/);
  expect((await confirm(client, second.headers.location as string)).status).toBe(303);
  expect(await t.db('participants').where({ email: 'aase@kvinnherad.example' }).first()).toMatchObject({
    name: 'Åse Østby',
  });
});

test('a network leader imports members: their units found or made in the region and joined to the network', async () => {
  const network = await makeNetworkInRegion(t.db, regionId);
  const leader = await makeMember(t.db, network, { role: 'leader' });
  const client = await t.client().signIn(leader);
  const file = await xlsx([
    ['Name', 'Email', 'Organisation', 'Unit', 'Service type', 'Role'],
    ['Liv Leir', 'liv@bomlo.example', 'Bømlo kommune', 'Psykisk helse', 'Kommune', 'Arbeidsgruppe'],
    ['Jon Leir', 'jon@bomlo.example', 'Bømlo kommune', 'Psykisk helse', '', ''],
    ['Sjef Sjefsen', 'sjef@bomlo.example', 'Bømlo kommune', 'Psykisk helse', '', 'Nettverksleder'],
  ]);
  const res = await upload(client, `/networks/${network}/import`, file, 'members.xlsx');
  expect(res.status).toBe(303);
  const preview = await client.get(res.headers.location as string);
  expect(preview.text).toContain('Blir medlem (Arbeidsgruppe)');
  expect(preview.text).toContain('rollen må være fast deltaker eller arbeidsgruppe');
  expect((await confirm(client, res.headers.location as string)).status).toBe(303);
  const members = await t
    .db('memberships as m')
    .join('participants as p', 'p.id', 'm.participant_id')
    .where({ 'm.network_id': network })
    .orderBy('p.email')
    .select('p.email', 'm.role');
  expect(members).toEqual([
    { email: 'jon@bomlo.example', role: 'participant' },
    { email: 'liv@bomlo.example', role: 'workingGroup' },
    expect.objectContaining({ role: 'leader' }),
  ]);
  expect(await t.db('network_units').where({ network_id: network })).toHaveLength(1);
  // Someone else's network: refused.
  const other = await makeNetworkInRegion(t.db, regionId);
  expect((await client.get(`/networks/${other}/import`)).status).toBe(403);
});

test('a draft not confirmed within the hour can no longer be seen or confirmed, and the worker deletes it', async () => {
  const client = await asAdmin();
  const file = Buffer.from(
    'Navn;E-post;Virksomhet;Enhet;Tjenestetype\nGlemt Utkast;glemt@x.example;Etne kommune;Rus;Kommune\n',
  );
  const res = await upload(client, `/regions/${regionId}/import`, file, 'glemt.csv');
  const previewPath = res.headers.location as string;
  expect((await client.get(previewPath)).status).toBe(200);
  await t.db('import_drafts').update({ created_at: t.db.raw("now() - interval '61 minutes'") });
  expect((await client.get(previewPath)).status).toBe(404);
  await importTasks(t.db)[DROP_EXPIRED_DRAFTS_TASK]!({}, {} as never);
  expect(await t.db('import_drafts').count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await t.db('participants').where({ email: 'glemt@x.example' }).first()).toBeUndefined();
});

test("a signed-out visitor's upload is not read: refused by the CSRF check", async () => {
  const visitor = t.client();
  const login = await visitor.get('/login');
  const res = await visitor.agent
    .post(`/regions/${regionId}/import`)
    .field('_csrf', csrfIn(login.text))
    .attach('file', Buffer.from('Navn;E-post\nA;a@x.example\n'), 'a.csv');
  expect(res.status).toBe(403);
  expect(await t.db('import_drafts').count({ n: '*' }).first()).toEqual({ n: 0 });
});

test('uploads are limited to 60 an hour per person: the 61st is refused before the file is read', async () => {
  const client = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  const form = await client.get(`/regions/${regionId}/import`);
  const csrf = csrfIn(form.text);
  const post = () =>
    client.agent
      .post(`/regions/${regionId}/import`)
      .field('_csrf', csrf)
      .attach('file', Buffer.from('Navn;E-post\n'), 'tom.csv');
  for (let i = 1; i <= 60; i++) expect((await post()).status).not.toBe(429);
  const refused = await post();
  expect(refused.status).toBe(429);
  expect(refused.text).toContain('For mange');
});

test('someone saving the same address at the very moment of the confirmation: nothing imported, the preview again', async () => {
  const client = await asAdmin();
  const unit = await makeUnit(t.db, { region_id: regionId, organisation: 'Tysnes kommune', name: 'Helse' });
  const file = Buffer.from(
    'Navn;E-post;Virksomhet;Enhet\nSamtidig;samtidig@x.example;Tysnes kommune;Helse\nAndre;andre@x.example;Tysnes kommune;Helse\n',
  );
  const res = await upload(client, `/regions/${regionId}/import`, file, 'samtidig.csv');
  const previewPath = res.headers.location as string;
  // Another transaction has saved the address but not committed: the import's insert waits on it.
  const other = await t.db.transaction();
  await other('participants').insert({
    unit_id: unit,
    name: 'Først',
    email: 'samtidig@x.example',
    profession: 'other',
  });
  const confirming = confirm(client, previewPath);
  const waiting = async () =>
    Number((await t.db.raw("select count(*) as n from pg_stat_activity where wait_event_type = 'Lock'")).rows[0].n) > 0;
  for (let i = 0; i < 200 && !(await waiting()); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  await other.commit();
  const done = await confirming;
  expect(done.status).toBe(303);
  expect(done.headers.location).toBe(previewPath);
  expect((await client.get(previewPath)).text).toContain('Ingenting ble importert');
  expect(await t.db('participants').where({ email: 'andre@x.example' }).first()).toBeUndefined();
  await t.db('import_drafts').delete();
});

describe('hostile files are refused with a message, and nothing is kept', () => {
  const refusal = async (file: Buffer, name: string) => {
    const res = await upload(await asAdmin(), `/regions/${regionId}/import`, file, name);
    expect(res.status).toBe(422);
    return /id="import-error">([^<]*)</.exec(res.text)?.[1];
  };

  test('10,000 rows', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => [`Person ${i}`, `p${i}@massevis.example`]);
    expect(await refusal(await xlsx([['Navn', 'E-post'], ...rows]), 'stor.xlsx')).toBe(
      'Regnearket har 10000 rader, men en import kan ha høyst 5000. Del det opp i flere filer.',
    );
  });

  test('a zip bomb disguised as .xlsx, whether its directory tells the unpacked size or lies about it', async () => {
    const bomb = zipBomb();
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await refusal(bomb, 'bombe.xlsx')).toMatch(/^Filen er for stor/);
    expect(await refusal(zipBomb(1000), 'bombe.xlsx')).toMatch(/^Filen er (for stor|ikke et regneark)/);
  });

  test('a picture renamed .xlsx, and a zip that is not a workbook', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    expect(await refusal(png, 'bilde.xlsx')).toMatch(/^Filen er ikke et regneark/);
    expect(await refusal(zipOf('notes.txt', Buffer.from('hei')), 'notater.xlsx')).toMatch(/^Filen er ikke et regneark/);
  });

  test('a file over the size limit', async () => {
    expect(await refusal(Buffer.alloc(3 * 1024 * 1024, 'a;b\n'), 'stor.csv')).toMatch(/^Filen er for stor/);
  });

  afterAll(async () => expect(await t.db('import_drafts').count({ n: '*' }).first()).toEqual({ n: 0 }));
});

/** A one-file zip, written by hand (local header, data, central directory). */
function zipOf(name: string, content: Buffer, compressed = deflateRawSync(content)): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(content), 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const localPart = Buffer.concat([local, nameBytes, compressed]);
  const centralPart = Buffer.concat([central, nameBytes]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

/** 64 MiB of zeros deflated to 64 KiB, named as a workbook's sheet; `declared` lies about the size when given. */
function zipBomb(declared?: number): Buffer {
  const zip = zipOf('xl/worksheets/sheet1.xml', Buffer.alloc(64 * 1024 * 1024));
  if (declared !== undefined) {
    zip.writeUInt32LE(declared, 22);
    zip.writeUInt32LE(declared, zip.readUInt32LE(zip.length - 22 + 16) + 24);
  }
  return zip;
}
