import { containsFnr } from '../privacy/fnr';
import { unzipEntries } from '../kernel/zip';

/** The kinds of file a material may be, by what its content is (never by its name), and the extension each is saved with. */
export const MATERIAL_TYPES = {
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'text/plain': 'txt',
} as const;
export type MediaType = keyof typeof MATERIAL_TYPES;

/** Where in a file an identity number was found, as the person who made it would look for it. */
export type Place = { kind: 'page' | 'paragraph' | 'slide' | 'sheet' | 'line'; number: number } | { kind: 'document' };

export type Inspection =
  | { ok: true; mediaType: MediaType }
  | { ok: false; reason: 'type' | 'unreadable' }
  | { ok: false; reason: 'fnr'; place: Place };

const isMediaType = (mime: string): mime is MediaType => Object.hasOwn(MATERIAL_TYPES, mime);

/**
 * What a file is, decided from its bytes (file-type), and whether its text holds a fødselsnummer
 * or D-number: a PDF page by page, a Word or OpenDocument text paragraph by paragraph, slides and
 * sheets one by one, every other XML part of an Office file (headers, notes, properties) as a
 * whole, plain text line by line. Images are kept as they are: their pixels are not read.
 */
export async function inspectMaterial(file: Buffer): Promise<Inspection> {
  // Loaded on the first upload only, like every reader of files: most processes never need them.
  const { fileTypeFromBuffer } = await import('file-type');
  const detected = await fileTypeFromBuffer(file);
  if (!detected) return inspectPlainText(file);
  if (!isMediaType(detected.mime) || detected.mime === 'text/plain') return { ok: false, reason: 'type' };
  const mediaType = detected.mime;
  try {
    const place = mediaType === 'application/pdf' ? await pdfPlace(file) : await officePlace(file, mediaType);
    return place ? { ok: false, reason: 'fnr', place } : { ok: true, mediaType };
  } catch {
    // A file whose text cannot be read cannot be checked, so it is not kept.
    return { ok: false, reason: 'unreadable' };
  }
}

// PDF.js, loaded once and by name (unpdf's own loader imports it by a relative path, which
// Jest's CommonJS runtime cannot follow; jest.config.js maps the name to the file).
let pdfjsLoaded: Promise<void> | undefined;

async function pdfPlace(file: Buffer): Promise<Place | undefined> {
  const { definePDFJSModule, extractText, getDocumentProxy } = await import('unpdf');
  pdfjsLoaded ??= definePDFJSModule(() => import('unpdf/pdfjs'));
  await pdfjsLoaded;
  const pdf = await getDocumentProxy(new Uint8Array(file));
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const page = text.findIndex((pageText) => containsFnr(pageText));
    if (page >= 0) return { kind: 'page', number: page + 1 };
    const { info } = await pdf.getMetadata();
    return containsFnr(JSON.stringify(info ?? {})) ? { kind: 'document' } : undefined;
  } finally {
    await pdf.destroy();
  }
}

// The parts of an Office file that hold its body, and what one numbered piece of each is called.
const OFFICE_BODIES: Partial<
  Record<MediaType, { part: RegExp; split?: RegExp; kind: 'paragraph' | 'slide' | 'sheet' }>
> = {
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    part: /^word\/document\.xml$/,
    split: /<w:p[\s>/]/,
    kind: 'paragraph',
  },
  'application/vnd.oasis.opendocument.text': { part: /^content\.xml$/, split: /<text:[ph][\s>/]/, kind: 'paragraph' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    part: /^ppt\/slides\/slide(\d+)\.xml$/,
    kind: 'slide',
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    part: /^xl\/worksheets\/sheet(\d+)\.xml$/,
    kind: 'sheet',
  },
};

async function officePlace(file: Buffer, mediaType: MediaType): Promise<Place | undefined> {
  const parts = await readXmlParts(file);
  const body = OFFICE_BODIES[mediaType];
  if (body) {
    const numbered = [...parts.entries()]
      .map(([name, xml]) => ({ match: body.part.exec(name), xml }))
      .filter((p) => p.match !== null)
      .sort((a, b) => Number(a.match?.[1] ?? 0) - Number(b.match?.[1] ?? 0));
    for (const { match, xml } of numbered) {
      if (body.split) {
        // The text before the first paragraph is no paragraph: pieces are numbered from 1.
        const pieces = xml.split(body.split);
        const found = pieces.findIndex((piece, i) => i > 0 && containsFnr(xmlText(piece)));
        if (found > 0) return { kind: body.kind, number: found };
      } else if (containsFnr(xmlText(xml))) {
        return { kind: body.kind, number: Number(match?.[1] ?? 1) };
      }
    }
  }
  for (const xml of parts.values()) if (containsFnr(xmlText(xml))) return { kind: 'document' };
  return undefined;
}

// How much of an Office document's zip is unpacked to read its text, whatever its directory
// claims: 40 MB of XML is far more than the text of a 20 MB document, and small enough that
// reading it as text stays well inside `npm start`'s 192 MB heap.
const OFFICE_ZIP_LIMITS = { entries: 5000, unzippedBytes: 40 * 1024 * 1024 };

/** The text of every XML part of an Office document, by the part's name. */
async function readXmlParts(file: Buffer): Promise<Map<string, string>> {
  const chunks = new Map<string, Buffer[]>();
  const xmlParts = (names: string[]) => names.filter((name) => /\.(xml|rels)$/i.test(name));
  await unzipEntries(file, OFFICE_ZIP_LIMITS, xmlParts, (name, chunk) => {
    const kept = chunks.get(name);
    if (kept) kept.push(chunk);
    else chunks.set(name, [chunk]);
  });
  return new Map([...chunks].map(([name, kept]) => [name, Buffer.concat(kept).toString('utf8')]));
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The text of XML: every tag a space (runs of one word split across tags still read as digit groups), entities decoded. */
export function xmlText(xml: string): string {
  return xml.replace(/<[^>]*>/g, ' ').replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return safeCodePoint(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith('#')) return safeCodePoint(Number.parseInt(name.slice(1), 10), whole);
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const safeCodePoint = (code: number, fallback: string) =>
  Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;

// Text that a browser would take for a page or a script is no plain text here.
const MARKUP = /<\s*(!doctype|html|head|body|script|iframe|svg|object|embed|meta|style|link|form|img)\b|<\?xml/i;
// Control characters other than tab, line feed, form feed and carriage return: a binary file.
function isBinary(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 127) return true;
  }
  return false;
}

function inspectPlainText(file: Buffer): Inspection {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return { ok: false, reason: 'type' };
  }
  if (isBinary(text) || MARKUP.test(text)) return { ok: false, reason: 'type' };
  const line = text.split(/\r\n|\r|\n/).findIndex((l) => containsFnr(l));
  if (line >= 0) return { ok: false, reason: 'fnr', place: { kind: 'line', number: line + 1 } };
  // A number split over two lines is still found.
  if (containsFnr(text)) return { ok: false, reason: 'fnr', place: { kind: 'document' } };
  return { ok: true, mediaType: 'text/plain' };
}

/** The name a material is saved under: the uploader's, with the extension its content has when the name has another. */
export function downloadName(fileName: string, mediaType: MediaType): string {
  const extension = MATERIAL_TYPES[mediaType];
  const lower = fileName.toLowerCase();
  const fits = lower.endsWith(`.${extension}`) || (extension === 'jpg' && lower.endsWith('.jpeg'));
  return fits ? fileName : `${fileName}.${extension}`;
}
