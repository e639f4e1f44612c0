import { unzipEntries, ZipError } from '../../src/kernel/zip';
import { zipOfFiles } from '../support/materialFiles';

const LIMITS = { entries: 10, unzippedBytes: 1024 };

/** What unzipEntries handed over, by entry, as text. */
async function unpacked(file: Buffer, pick: (names: string[]) => string[], limits = LIMITS) {
  const taken = new Map<string, string>();
  await unzipEntries(file, limits, pick, (name, chunk) => taken.set(name, (taken.get(name) ?? '') + chunk.toString()));
  return taken;
}

test('only the picked entries are unpacked, each whole; the whole directory is told', async () => {
  const zip = zipOfFiles([
    ['a.xml', '<a>hei</a>'],
    ['b.bin', 'ikke denne'],
    ['c.xml', 'x'.repeat(900)],
  ]);
  const taken = new Map<string, string>();
  const names = await unzipEntries(
    zip,
    LIMITS,
    (all) => all.filter((name) => name.endsWith('.xml')),
    (name, chunk) => taken.set(name, (taken.get(name) ?? '') + chunk.toString()),
  );
  expect(names).toEqual(['a.xml', 'b.bin', 'c.xml']);
  expect([...taken.keys()]).toEqual(['a.xml', 'c.xml']);
  expect(taken.get('a.xml')).toBe('<a>hei</a>');
  expect(taken.get('c.xml')).toBe('x'.repeat(900));
});

test('more entries than the limit are refused before anything is unpacked', async () => {
  const zip = zipOfFiles(Array.from({ length: 11 }, (_, i): [string, string] => [`${i}.xml`, 'x']));
  await expect(unpacked(zip, (names) => names)).rejects.toEqual(new ZipError('tooLarge'));
  await expect(unpacked(zip, (names) => names, { ...LIMITS, entries: 11 })).resolves.toHaveProperty('size', 11);
});

test('picked entries that unpack to more than the limit are refused; unpicked ones do not count', async () => {
  const zip = zipOfFiles([
    ['small.xml', 'x'],
    ['big.bin', 'y'.repeat(2000)],
  ]);
  const pickedNames: string[] = [];
  await expect(
    unzipEntries(
      zip,
      LIMITS,
      (names) => names,
      (name) => pickedNames.push(name),
    ),
  ).rejects.toEqual(new ZipError('tooLarge'));
  // The directory declares the size: nothing was handed over before the refusal.
  expect(pickedNames).toEqual([]);
  await expect(unpacked(zip, (names) => names.filter((name) => name.endsWith('.xml')))).resolves.toHaveProperty(
    'size',
    1,
  );
});

test('what is no zip, or a broken one, is unreadable', async () => {
  await expect(unpacked(Buffer.from('PK\x03\x04 ikke en zip'), (names) => names)).rejects.toEqual(
    new ZipError('unreadable'),
  );
  const zip = zipOfFiles([['a.xml', '<a>hei</a>']]);
  const broken = Buffer.from(zip);
  broken.fill(0, 30 + 'a.xml'.length, 34 + 'a.xml'.length); // the deflated data
  await expect(unpacked(broken, (names) => names)).rejects.toEqual(new ZipError('unreadable'));
});
