import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { PROJECT_ROOT } from './projectRoot';

export const LANGUAGES = ['nb', 'nn'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const LOCALES_DIR = path.join(PROJECT_ROOT, 'src', 'kernel', 'locales');

/**
 * One catalogue per language, kept as one JSON file per feature (locales/nb/units.json holds the
 * keys under "units."), so features can be changed without touching each other's text.
 */
function loadCatalogue(language: Language): Record<string, unknown> {
  const dir = path.join(LOCALES_DIR, language);
  const catalogue: Record<string, unknown> = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    catalogue[path.basename(file, '.json')] = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  }
  return catalogue;
}

export const catalogues: Record<Language, Record<string, unknown>> = {
  nb: loadCatalogue('nb'),
  nn: loadCatalogue('nn'),
};

const i18n = i18next.createInstance();
void i18n.init({
  resources: { nb: { translation: catalogues.nb }, nn: { translation: catalogues.nn } },
  lng: 'nb',
  fallbackLng: false,
  initAsync: false,
  // Handlebars escapes the output; escaping here too would double-escape.
  interpolation: { escapeValue: false },
  returnNull: false,
});

const translators: Record<Language, TFunction> = {
  nb: i18n.getFixedT('nb'),
  nn: i18n.getFixedT('nn'),
};

/** The one way to turn a catalogue key into user-facing text. */
export function translator(language: Language): Translate {
  const t = translators[language];
  const plain = plainTexts[language];
  const filled = filledTexts[language];
  return (key, params) => {
    const filling = params && fillingOf(params);
    if (filling === null) return t(key, params) as string;
    // A text depends only on its key and the values put in it: each one is worked out once.
    const known = filling === undefined ? plain : filled;
    const id = filling === undefined ? key : `${key} ${filling}`;
    let text = known.get(id);
    if (text === undefined) {
      text = t(key, params ?? {}) as string;
      // Bounded for texts with values (names, dates); forgetting only means working one out again.
      if (known === filled && filled.size >= 5000) filled.clear();
      known.set(id, text);
    }
    return text;
  };
}

const plainTexts: Record<Language, Map<string, string>> = { nb: new Map(), nn: new Map() };
const filledTexts: Record<Language, Map<string, string>> = { nb: new Map(), nn: new Map() };

/**
 * The values put in a text, as one string (JSON, so no two sets of values read the same):
 * undefined with none, null when one is not a plain string, number or boolean (an object, a
 * date), which is then never remembered.
 */
function fillingOf(params: Record<string, unknown>): string | undefined | null {
  const values: unknown[] = [];
  for (const name in params) {
    const value = params[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    values.push(name, value);
  }
  return values.length === 0 ? undefined : JSON.stringify(values);
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Intl locale for dates and numbers. */
export function localeOf(language: Language): string {
  return language === 'nn' ? 'nn-NO' : 'nb-NO';
}
