import type { Readable } from 'node:stream';
import type { Entry, ZipFile } from 'yauzl';

/** Why a zip was not unpacked: it is no zip or is broken, or it holds more than the limits allow. */
export class ZipError extends Error {
  constructor(readonly reason: 'unreadable' | 'tooLarge') {
    super(reason);
  }
}

export interface ZipLimits {
  /** Entries in the directory, files and folders alike. */
  entries: number;
  /** The picked entries together, as they unpack. */
  unzippedBytes: number;
}

/**
 * Unpacks the entries of an uploaded zip that `pick` chooses from the directory's names, one at a
 * time, handing `take` each entry's bytes as they are inflated. The directory is walked first:
 * more entries than the limit, or picked entries whose declared sizes add up to more than it, are
 * refused before anything is inflated; then the inflated bytes are counted, so a directory that
 * lies (a zip bomb) stops at the limit too. Nothing is held beyond one chunk unless `take` keeps it.
 * Resolves with the names of every entry in the directory, picked or not.
 */
export async function unzipEntries(
  file: Buffer,
  limits: ZipLimits,
  pick: (names: string[]) => string[],
  take: (name: string, chunk: Buffer) => void,
): Promise<string[]> {
  // Loaded on the first upload only, like every reader of files: most processes never need it.
  const { default: yauzl } = await import('yauzl');
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(file, { lazyEntries: true, validateEntrySizes: true }, (error, opened) =>
      error || !opened ? reject(new ZipError('unreadable')) : resolve(opened),
    ),
  );
  try {
    const entries = await directoryOf(zip, limits.entries);
    const names = entries.map((entry) => entry.fileName);
    const picked = new Set(pick(names));
    const chosen = entries.filter((entry) => picked.has(entry.fileName));
    if (chosen.reduce((sum, entry) => sum + entry.uncompressedSize, 0) > limits.unzippedBytes) {
      throw new ZipError('tooLarge');
    }
    let inflated = 0;
    for (const entry of chosen) {
      // biome-ignore lint/performance/noAwaitInLoops: one entry is inflated at a time, so memory stays bounded
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(entry, (error, opened) =>
          error || !opened ? reject(new ZipError('unreadable')) : resolve(opened),
        ),
      );
      try {
        for await (const chunk of stream) {
          inflated += (chunk as Buffer).length;
          if (inflated > limits.unzippedBytes) throw new ZipError('tooLarge');
          take(entry.fileName, chunk as Buffer);
        }
      } catch (error) {
        stream.destroy();
        throw error instanceof ZipError ? error : new ZipError('unreadable');
      }
    }
    return names;
  } finally {
    zip.close();
  }
}

function directoryOf(zip: ZipFile, limit: number): Promise<Entry[]> {
  const entries: Entry[] = [];
  return new Promise<Entry[]>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      entries.push(entry);
      if (entries.length > limit) return reject(new ZipError('tooLarge'));
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', () => reject(new ZipError('unreadable')));
    zip.readEntry();
  });
}
