import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';

export const LANGUAGES = ['nb', 'nn'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Translate = (key: string, params?: Record<string, unknown>) => string;

const LOCALES_DIR = path.join(__dirname, 'locales');

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
  return (key, params) => {
    if (params && hasKeys(params)) return t(key, params) as string;
    // Text without parameters never changes while the process runs: look it up once.
    let text = plain.get(key);
    if (text === undefined) {
      text = t(key, {}) as string;
      plain.set(key, text);
    }
    return text;
  };
}

const plainTexts: Record<Language, Map<string, string>> = { nb: new Map(), nn: new Map() };

function hasKeys(params: Record<string, unknown>): boolean {
  for (const _ in params) return true;
  return false;
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Intl locale for dates and numbers. */
export function localeOf(language: Language): string {
  return language === 'nn' ? 'nn-NO' : 'nb-NO';
}
