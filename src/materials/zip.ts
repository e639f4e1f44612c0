import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';

/** How much of an Office document's zip is unpacked to read its text, whatever its directory claims. */
// 40 MB of XML is far more than the text of a 20 MB document, and small enough that reading it
// as text stays well inside `npm start`'s 192 MB heap.
export const ZIP_LIMITS = { entries: 5000, unzippedBytes: 40 * 1024 * 1024 } as const;

export class ZipReadError extends Error {}

/**
 * The text of every XML part of a zip (an Office document), by the part's name. The directory is
 * walked first (too many parts or a declared size over the limit stops it); each XML part is then
 * inflated while its bytes are counted, so a directory that lies stops at the limit too.
 */
export async function readXmlParts(file: Buffer): Promise<Map<string, string>> {
  const { default: yauzl } = await import('yauzl');
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true }, (error, opened) =>
      error || !opened ? reject(new ZipReadError('not a zip')) : resolve(opened),
    ),
  );
  try {
    const entries: Entry[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: Entry) => {
        entries.push(entry);
        if (entries.length > ZIP_LIMITS.entries) return reject(new ZipReadError('too many parts'));
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(new ZipReadError('broken zip')));
      zip.readEntry();
    });
    const xml = entries.filter((entry) => /\.(xml|rels)$/i.test(entry.fileName));
    if (xml.reduce((sum, entry) => sum + entry.uncompressedSize, 0) > ZIP_LIMITS.unzippedBytes) {
      throw new ZipReadError('too large');
    }
    const parts = new Map<string, string>();
    let inflated = 0;
    for (const entry of xml) {
      // biome-ignore lint/performance/noAwaitInLoops: one part is inflated at a time, so memory stays bounded
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (error, opened) =>
          error || !opened ? reject(new ZipReadError('broken part')) : resolve(opened),
        ),
      );
      const chunks: Buffer[] = [];
      for await (const chunk of stream) {
        inflated += (chunk as Buffer).length;
        if (inflated > ZIP_LIMITS.unzippedBytes) {
          stream.destroy();
          throw new ZipReadError('too large');
        }
        chunks.push(chunk as Buffer);
      }
      parts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
    }
    return parts;
  } finally {
    zip.close();
  }
}
