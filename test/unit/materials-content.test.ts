import { inflateRawSync } from 'node:zlib';
import { downloadName, inspectMaterial, xmlText } from '../../src/materials/content';
import { docxWithParagraphs, exeBytes, pdfWithPages, pptxWithSlides, zipOfFiles } from '../support/materialFiles';

// 15076500565 is a valid fødselsnummer by its check digits (synthetic test data).
const FNR = '15076500565';

test('a PDF is known by its content and read page by page', async () => {
  expect(await inspectMaterial(pdfWithPages(['Velkommen', 'Program']))).toEqual({
    ok: true,
    mediaType: 'application/pdf',
  });
  expect(await inspectMaterial(pdfWithPages(['Velkommen', `Pasient ${FNR} innlagt`]))).toEqual({
    ok: false,
    reason: 'fnr',
    place: { kind: 'page', number: 2 },
  });
});

test('a Word document is read paragraph by paragraph', async () => {
  expect(await inspectMaterial(docxWithParagraphs(['Overskrift', 'Tekst']))).toEqual({
    ok: true,
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  });
  expect(
    await inspectMaterial(docxWithParagraphs(['Overskrift', 'Tekst', `Nummer ${FNR.slice(0, 6)} ${FNR.slice(6)}`])),
  ).toEqual({ ok: false, reason: 'fnr', place: { kind: 'paragraph', number: 3 } });
});

test('plain text is read line by line; markup, programs and bare zips are refused', async () => {
  expect(await inspectMaterial(Buffer.from('Husk å ta med\nkaffe'))).toEqual({ ok: true, mediaType: 'text/plain' });
  expect(await inspectMaterial(Buffer.from(`a\nb\n${FNR}`))).toEqual({
    ok: false,
    reason: 'fnr',
    place: { kind: 'line', number: 3 },
  });
  expect(await inspectMaterial(Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'))).toEqual({
    ok: false,
    reason: 'type',
  });
  expect(await inspectMaterial(exeBytes())).toEqual({ ok: false, reason: 'type' });
  expect(await inspectMaterial(zipOfFiles([['a.txt', 'hei']]))).toEqual({ ok: false, reason: 'type' });
});

test('XML text keeps digits split over runs together as groups and decodes entities', () => {
  expect(xmlText('<w:t>1507</w:t><w:t>6500565</w:t> &amp; &#65;')).toBe(' 1507  6500565  & A');
});

test('a download keeps the name given, with the extension its content has', () => {
  expect(downloadName('Lysark.pdf', 'application/pdf')).toBe('Lysark.pdf');
  expect(downloadName('bilde.jpeg', 'image/jpeg')).toBe('bilde.jpeg');
  expect(downloadName('side.html', 'application/pdf')).toBe('side.html.pdf');
});

test('a presentation is read slide by slide, and a Word document’s other parts as a whole', async () => {
  expect(await inspectMaterial(pptxWithSlides(['Tittel', 'Innhold']))).toEqual({
    ok: true,
    mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  });
  expect(await inspectMaterial(pptxWithSlides(['Tittel', 'Innhold', `Kasus ${FNR}`]))).toEqual({
    ok: false,
    reason: 'fnr',
    place: { kind: 'slide', number: 3 },
  });
  const withProperties = zipOfFiles([
    ...unzipNames(docxWithParagraphs(['Tekst'])),
    [
      'docProps/core.xml',
      `<cp:coreProperties xmlns:cp="c"><dc:title xmlns:dc="d">Pasient ${FNR}</dc:title></cp:coreProperties>`,
    ],
  ]);
  expect(await inspectMaterial(withProperties)).toEqual({ ok: false, reason: 'fnr', place: { kind: 'document' } });
});

test('a PDF whose text cannot be read is refused as unreadable, not kept unchecked', async () => {
  const broken = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, 0x41)]);
  expect(await inspectMaterial(broken)).toEqual({ ok: false, reason: 'unreadable' });
});

/** The parts of a zip made by docxWithParagraphs, to build on. */
function unzipNames(zip: Buffer): [string, Buffer][] {
  const parts: [string, Buffer][] = [];
  let offset = 0;
  while (zip.readUInt32LE(offset) === 0x04034b50) {
    const size = zip.readUInt32LE(offset + 18);
    const nameLength = zip.readUInt16LE(offset + 26);
    const name = zip.subarray(offset + 30, offset + 30 + nameLength).toString();
    const data = zip.subarray(offset + 30 + nameLength, offset + 30 + nameLength + size);
    parts.push([name, inflateRawSync(data)]);
    offset += 30 + nameLength + size;
  }
  return parts;
}

test('a zip bomb dressed as a Word document stops at the unpacking limit and is refused', async () => {
  const parts = unzipNames(docxWithParagraphs(['Tekst']));
  const bomb = zipOfFiles([
    ...parts.filter(([name]) => name !== 'word/document.xml'),
    ['word/document.xml', Buffer.alloc(64 * 1024 * 1024, 0x20)],
  ]);
  expect(bomb.length).toBeLessThan(1024 * 1024);
  const started = Date.now();
  expect(await inspectMaterial(bomb)).toEqual({ ok: false, reason: 'unreadable' });
  expect(Date.now() - started).toBeLessThan(10_000);
});
