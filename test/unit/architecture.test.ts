import fs from 'node:fs';
import path from 'node:path';

// The shape docs/architecture.md draws, checked on every run: which way imports go, no cycles,
// small files. A move that breaks it fails here, with the files that do.

const SRC = path.resolve(__dirname, '../../src');
const IMPORT = /(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const files = sourceFiles(SRC);
const relative = (file: string) => path.relative(SRC, file).replace(/\.ts$/, '');
/** The folder a module belongs to: `gatherings` for src/gatherings/model.ts, `.` for src/app.ts. */
const folderOf = (module: string) => (module.includes('/') ? (module.split('/')[0] as string) : '.');

const imports = new Map<string, string[]>(
  files.map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)].map((m) =>
      relative(path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, '')) + '.ts'),
    );
    return [relative(file), targets];
  }),
);

test('no two folders of src/ import each other', () => {
  const edges = new Map<string, Set<string>>();
  const why = new Map<string, string>();
  for (const [from, targets] of imports) {
    for (const to of targets) {
      const [a, b] = [folderOf(from), folderOf(to)];
      if (a === b) continue;
      edges.set(a, (edges.get(a) ?? new Set()).add(b));
      why.set(`${a}>${b}`, `${from} imports ${to}`);
    }
  }
  const both = [...edges].flatMap(([a, targets]) =>
    [...targets].filter((b) => a < b && edges.get(b)?.has(a)).map((b) => [why.get(`${a}>${b}`), why.get(`${b}>${a}`)]),
  );
  expect(both).toEqual([]);
});

test('no file-level import cycle', () => {
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[][] = [];
  const visit = (module: string, trail: string[]) => {
    if (state.get(module) === 'done') return;
    if (state.get(module) === 'open') {
      cycles.push([...trail.slice(trail.indexOf(module)), module]);
      return;
    }
    state.set(module, 'open');
    for (const next of imports.get(module) ?? []) if (imports.has(next)) visit(next, [...trail, module]);
    state.set(module, 'done');
  };
  for (const module of imports.keys()) visit(module, []);
  expect(cycles).toEqual([]);
});

test('the kernel, the database layer, the privacy guard and the HTTP helpers import no feature', () => {
  const below: Record<string, string[]> = {
    kernel: ['kernel', 'privacy'],
    privacy: ['privacy'],
    db: ['db', 'kernel', 'privacy'],
    web: ['web', 'db', 'kernel', 'privacy'],
    access: ['access', 'db', 'kernel', 'privacy'],
    audit: ['audit', 'db', 'kernel', 'privacy'],
  };
  const wrong = [...imports].flatMap(([from, targets]) => {
    const allowed = below[folderOf(from)];
    return allowed ? targets.filter((to) => !allowed.includes(folderOf(to))).map((to) => `${from} imports ${to}`) : [];
  });
  expect(wrong).toEqual([]);
});

test('no module outside the route files and the app imports web/', () => {
  const routeFile = /(^|\/)(app|\w*[rR]outes|\w*Page|\w*View)$/;
  const wrong = [...imports].flatMap(([from, targets]) =>
    folderOf(from) === 'web' || routeFile.test(from)
      ? []
      : targets.filter((to) => folderOf(to) === 'web').map((to) => `${from} imports ${to}`),
  );
  expect(wrong).toEqual([]);
});

test('every hand-written source file is under 300 lines', () => {
  const GENERATED = ['db/tables'];
  const long = files
    .filter((file) => !GENERATED.includes(relative(file)))
    .map((file) => ({ file: relative(file), lines: fs.readFileSync(file, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > 300);
  expect(long).toEqual([]);
});

test('route files ask queries; they never query a table themselves', () => {
  const routeFile = /(^|\/)(\w*[rR]outes|\w*Page|\w*View)$/;
  const querying = files
    .filter((file) => routeFile.test(relative(file)))
    .filter((file) => /\b(db|trx)\('[a-z_]+/.test(fs.readFileSync(file, 'utf8')))
    .map(relative);
  expect(querying).toEqual([]);
});
