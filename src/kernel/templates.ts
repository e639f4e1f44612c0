import path from 'node:path';
import Handlebars, { type HelperOptions } from 'handlebars';
import { formatDate, formatDateTime, formatTime, formatWeekdayDate } from './dates';
import { isLanguage, translator, type Language } from './i18n';
import { PROJECT_ROOT } from './projectRoot';

// The views folder and the Handlebars helpers that pages and emails share (src/web/views.ts
// builds the page engine from them; src/mail/templates.ts renders emails with them).

export const VIEWS_DIR = path.join(PROJECT_ROOT, 'views');

function languageOf(options: HelperOptions): Language {
  const lang = (options.data?.root as { lang?: unknown } | undefined)?.lang;
  return isLanguage(lang) ? lang : 'nb';
}

// Small helpers, one job each. Output is escaped by Handlebars ({{ }}); none returns raw HTML.
export const helpers = {
  /** {{t "key" name=value}} translates in the request's language. */
  t(key: unknown, options: HelperOptions): string {
    return typeof key === 'string' ? translator(languageOf(options))(key, options.hash) : '';
  },
  date(value: unknown, options: HelperOptions): string {
    return value instanceof Date || typeof value === 'string' ? formatDate(value, languageOf(options)) : '';
  },
  weekdayDate(value: unknown, options: HelperOptions): string {
    return value instanceof Date || typeof value === 'string' ? formatWeekdayDate(value, languageOf(options)) : '';
  },
  time(value: unknown): string {
    return value instanceof Date || typeof value === 'string' ? formatTime(value) : '';
  },
  dateTime(value: unknown): string {
    return value instanceof Date || typeof value === 'string' ? formatDateTime(value) : '';
  },
  eq(a: unknown, b: unknown): boolean {
    return String(a) === String(b);
  },
  /** {{#if (includes list value)}}: for multi-value fields kept across a failed submit. */
  includes(list: unknown, value: unknown): boolean {
    const values = Array.isArray(list) ? list : list === undefined || list === null ? [] : [list];
    return values.map(String).includes(String(value));
  },
  /** {{t (concat "errors." kind ".title")}}: builds a key from parts. */
  concat(...parts: unknown[]): string {
    return parts.slice(0, -1).map(String).join('');
  },
  /** True for an object with at least one key (an empty `errors` object is truthy in Handlebars). */
  hasAny(value: unknown): boolean {
    return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
  },
  /** (or a b): the first value that is set. */
  or(...values: unknown[]): unknown {
    return values.slice(0, -1).find((v) => v !== undefined && v !== null && v !== '');
  },
  /** (array a b c): a list built in a template. */
  array(...items: unknown[]): unknown[] {
    return items.slice(0, -1);
  },
  /** (obj key="value" …): a small object, e.g. the field labels for an error summary. */
  obj(options: HelperOptions): Record<string, unknown> {
    return options.hash as Record<string, unknown>;
  },
  /** A share 0–1 as a Norwegian percentage ("75 %"), or a dash when there is none. */
  percent(value: unknown): string {
    return typeof value === 'number' && Number.isFinite(value) ? `${Math.round(value * 100)} %` : '–';
  },
  /** A number with one decimal and a decimal comma ("4,2"), or a dash when there is none. */
  decimal(value: unknown): string {
    return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(1).replace('.', ',') : '–';
  },
  /** Plain text (a development mailbox message) with its web addresses as links; everything escaped first. */
  linkify(value: unknown): Handlebars.SafeString {
    const escaped = Handlebars.escapeExpression(String(value ?? ''));
    return new Handlebars.SafeString(
      escaped.replace(/https?:\/\/[^\s<]+/g, (url) => `<a class="ds-link" href="${url}">${url}</a>`),
    );
  },
  /** An input's id from its name, so labels and error links match. */
  fieldId(name: unknown): string {
    return `field-${String(name)}`;
  },
};
