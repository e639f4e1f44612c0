import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import i18next from 'i18next';
import { catalogues, translator } from '../../src/kernel/i18n';

function flatKeys(object: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(object).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null
      ? flatKeys(value as Record<string, unknown>, `${prefix}${key}.`)
      : [`${prefix}${key}`],
  );
}

function filesUnder(dir: string, extension: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, extension) : full.endsWith(extension) ? [full] : [];
  });
}

const root = path.resolve(__dirname, '../..');
const nbKeys = flatKeys(catalogues.nb).sort();
const nnKeys = flatKeys(catalogues.nn).sort();

test('bokmål and nynorsk catalogues have exactly the same keys', () => {
  expect(nnKeys.filter((key) => !nbKeys.includes(key))).toEqual([]);
  expect(nbKeys.filter((key) => !nnKeys.includes(key))).toEqual([]);
});

test('no catalogue entry is empty', () => {
  for (const language of ['nb', 'nn'] as const) {
    const t = translator(language);
    for (const key of nbKeys) expect({ key, text: t(key).trim() }).not.toEqual({ key, text: '' });
  }
});

test('every key written literally in a template or in the code exists in the catalogue', () => {
  const used = new Set<string>();
  for (const file of filesUnder(path.join(root, 'views'), '.hbs')) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\{\{t ["']([a-zA-Z0-9_.]+)["']/g)) used.add(match[1] as string);
    for (const match of text.matchAll(/(?:label|hint|placeholder)="([a-z][a-zA-Z0-9]*\.[a-zA-Z0-9_.]+)"/g))
      used.add(match[1] as string);
  }
  for (const file of filesUnder(path.join(root, 'src'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    const namespaces = Object.keys(catalogues.nb).join('|');
    for (const match of text.matchAll(new RegExp(`['"]((?:${namespaces})\\.[a-zA-Z0-9_.]+)['"]`, 'g')))
      used.add(match[1] as string);
  }
  expect(used.size).toBeGreaterThan(50);
  expect([...used].filter((key) => !nbKeys.includes(key))).toEqual([]);
});

test('keys built from enum values exist for every value', () => {
  const families: Record<string, readonly string[]> = {
    'common.serviceTypes': ['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other'],
    'networks.roles': ['leader', 'workingGroup', 'participant'],
    'networks.kinds': ['local', 'learning'],
    'gatherings.formats': ['physical', 'digital', 'hybrid'],
  };
  for (const [family, values] of Object.entries(families)) {
    for (const value of values) expect(nbKeys).toContain(`${family}.${value}`);
  }
});

/**
 * Every action written to the audit log: the literals in each recordAudit call's `action`, and,
 * where a call passes a variable, the literals its file feeds that variable (listed here, so a new
 * indirect call fails until it is listed).
 */
function auditActions(): Set<string> {
  const indirect: Record<string, RegExp> = {
    'src/archive/routes.ts': /\['(\w+)', (?:true|false)\]/g,
    'src/exports/routes.ts': /audit\(req, '(\w+)'/g,
  };
  const actions = new Set<string>();
  for (const file of filesUnder(path.join(root, 'src'), '.ts')) {
    const text = readFileSync(file, 'utf8');
    const relative = path.relative(root, file);
    for (const call of text.matchAll(/recordAudit\(/g)) {
      if (relative === 'src/audit/record.ts') continue;
      const rest = text.slice(call.index, call.index + 1000);
      const expression = /\baction(?::\s*([^\n,]+))?\s*[,}]/.exec(rest);
      expect({ file: relative, hasAction: expression !== null }).toEqual({ file: relative, hasAction: true });
      const literals = [...(expression?.[1] ?? '').matchAll(/(?:^|[?:])\s*'(\w+)'/g)].map((m) => m[1] as string);
      if (literals.length === 0) {
        const pattern = indirect[relative];
        expect({ file: relative, listed: pattern !== undefined }).toEqual({ file: relative, listed: true });
        for (const match of text.matchAll(pattern as RegExp)) literals.push(match[1] as string);
      }
      for (const literal of literals) actions.add(literal);
    }
  }
  return actions;
}

test('every action in the audit log reads as a sentence in bokmål and nynorsk', () => {
  const actions = auditActions();
  // The check can tell: it finds the direct, the conditional and the indirect actions.
  for (const known of ['nameStandIn', 'createFagdag', 'cancel', 'removeDraft', 'archive', 'exportAttendance'])
    expect(actions).toContain(known);
  expect(actions.size).toBeGreaterThan(30);
  for (const action of actions) {
    expect({ action, nb: nbKeys.includes(`audit.sentences.${action}`) }).toEqual({ action, nb: true });
    expect({ action, nn: nnKeys.includes(`audit.sentences.${action}`) }).toEqual({ action, nn: true });
  }
});

test('a text with values is the one i18next writes for those values, however often and in whatever order it is asked for', () => {
  const reference = i18next.createInstance();
  void reference.init({
    resources: { nb: { translation: catalogues.nb }, nn: { translation: catalogues.nn } },
    lng: 'nb',
    fallbackLng: false,
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  const placeholders = (language: 'nb' | 'nn', key: string) =>
    [...String(reference.getFixedT(language)(key)).matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1] as string);
  const withValues = nbKeys.filter((key) => placeholders('nb', key).length > 0);
  expect(withValues.length).toBeGreaterThan(20);
  // Values that try to read like other values: quotes, commas, brackets, numbers as text.
  const value = fc.oneof(fc.string(), fc.constantFrom('1', '","b",2', '[', '"', ''), fc.integer(), fc.boolean());
  const ask = fc.record({
    language: fc.constantFrom('nb' as const, 'nn' as const),
    key: fc.constantFrom(...withValues),
    values: fc.array(value, { minLength: 3, maxLength: 3 }),
    count: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  });
  fc.assert(
    fc.property(fc.array(ask, { minLength: 1, maxLength: 6 }), (asks) => {
      for (const { language, key, values, count } of [...asks, ...asks.reverse()]) {
        const params: Record<string, unknown> = { count };
        placeholders(language, key).forEach((name, i) => {
          params[name] = values[i % values.length];
        });
        expect(translator(language)(key, params)).toBe(reference.getFixedT(language)(key, params));
      }
    }),
    { numRuns: 300 },
  );
});
