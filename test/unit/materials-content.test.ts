import { downloadName, inspectMaterial, xmlText } from '../../src/materials/content';
import { docxWithParagraphs, exeBytes, pdfWithPages, zipOfFiles } from '../support/materialFiles';

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
