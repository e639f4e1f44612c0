import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import Handlebars from 'handlebars';
import { helpers, VIEWS_DIR } from '../kernel/templates';
import { isLanguage, LANGUAGES, translator, type Language } from '../kernel/i18n';

type Template = Handlebars.TemplateDelegate;
type Node = { type?: string; [key: string]: unknown };
type Program = ReturnType<typeof Handlebars.parse>;

const PARTIALS_DIR = path.join(VIEWS_DIR, 'partials');
const LAYOUTS_DIR = path.join(VIEWS_DIR, 'layouts');
// Emails are rendered by src/mail/templates.ts, in the recipient's language.
const EMAILS_DIR = path.join(VIEWS_DIR, 'emails');

/**
 * Replaces every `{{t "key"}}` and `(t "key")` without parameters by the language's text, so a
 * page's fixed strings cost nothing when it is rendered. Mustaches become content (escaped as
 * `{{ }}` would, raw for `{{{ }}}`); subexpressions become string literals (the helper or mustache
 * that receives them escapes as before). A key with parameters or from a variable stays a call.
 */
export function withTextsOf(node: unknown, translate: (key: string) => string): unknown {
  if (Array.isArray(node)) return node.map((child) => withTextsOf(child, translate));
  if (typeof node !== 'object' || node === null) return node;
  const n = node as Node;
  const key = fixedTextKey(n);
  if (key !== undefined && n.type === 'MustacheStatement') {
    const text = translate(key);
    return { type: 'ContentStatement', value: n.escaped ? Handlebars.escapeExpression(text) : text, loc: n.loc };
  }
  if (key !== undefined && n.type === 'SubExpression') {
    const text = translate(key);
    return { type: 'StringLiteral', value: text, original: text, loc: n.loc };
  }
  const copy: Node = {};
  for (const [field, value] of Object.entries(n)) copy[field] = field === 'loc' ? value : withTextsOf(value, translate);
  return copy;
}

function fixedTextKey(node: Node): string | undefined {
  if (node.type !== 'MustacheStatement' && node.type !== 'SubExpression') return undefined;
  const { path: name, params, hash } = node as { path: Node; params: Node[]; hash?: { pairs: unknown[] } };
  const [param] = params;
  if (name.type !== 'PathExpression' || name.original !== 't' || params.length !== 1) return undefined;
  if (param?.type !== 'StringLiteral' || (hash && hash.pairs.length > 0)) return undefined;
  return param.value as string;
}

/** Every .hbs file under `dir` (not under `skip`), parsed, by its path relative to `dir` without the extension. */
function templatesIn(dir: string, skip: string[] = []): Map<string, Program> {
  const found = new Map<string, Program>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.hbs') || skip.some((s) => file.startsWith(s + path.sep))) continue;
    found.set(path.relative(dir, file).slice(0, -'.hbs'.length), Handlebars.parse(readFileSync(file, 'utf8')));
  }
  return found;
}

interface LanguageViews {
  views: Map<string, Template>;
  layouts: Map<string, Template>;
}

/** Every view, layout and partial, parsed once and compiled once per language. */
function compileAll(): Record<Language, LanguageViews> {
  const asts = {
    views: templatesIn(VIEWS_DIR, [PARTIALS_DIR, LAYOUTS_DIR, EMAILS_DIR]),
    layouts: templatesIn(LAYOUTS_DIR),
    partials: templatesIn(PARTIALS_DIR),
  };
  const compiled = {} as Record<Language, LanguageViews>;
  for (const language of LANGUAGES) {
    const t = translator(language);
    const env = Handlebars.create();
    env.registerHelper(helpers);
    const compile = (ast: Program) => env.compile(withTextsOf(ast, (key) => t(key)) as Program);
    for (const [name, ast] of asts.partials) env.registerPartial(name, compile(ast));
    compiled[language] = {
      views: new Map([...asts.views].map(([name, ast]) => [name, compile(ast)])),
      layouts: new Map([...asts.layouts].map(([name, ast]) => [name, compile(ast)])),
    };
  }
  return compiled;
}

type EngineCallback = (error: Error | null, html?: string) => void;

/**
 * The page engine for Express: `res.render('networks/page', context)` renders the view in the
 * request's language (`lang` in res.locals) inside `layout` (default `main`, `false` for none).
 * Views are read and compiled when the app is created, never per request.
 */
export function createViewEngine(): (filePath: string, options: object, callback: EngineCallback) => void {
  const compiled = compileAll();
  return (filePath, options, callback) => {
    try {
      const context = options as Record<string, unknown>;
      const language = isLanguage(context.lang) ? context.lang : 'nb';
      const { views, layouts } = compiled[language];
      const name = path.relative(VIEWS_DIR, filePath).replace(/\.hbs$/, '');
      const view = views.get(name);
      if (!view) throw new Error(`no view ${name}`);
      const body = view(context);
      if (context.layout === false) return callback(null, body);
      const layoutName = typeof context.layout === 'string' ? context.layout : 'main';
      const layout = layouts.get(layoutName);
      if (!layout) throw new Error(`no layout ${layoutName}`);
      // Express builds a fresh options object for every render: the layout gets the same context.
      context.body = body;
      callback(null, layout(context));
    } catch (error) {
      callback(error as Error);
    }
  };
}

/** A view rendered to a string without the layout (a part of a page that is cached on its own). */
export function renderFragment(req: Request, view: string, context: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    req.app.render(view, { ...context, layout: false }, (error: Error | null, html?: string) =>
      error ? reject(error) : resolve(html ?? ''),
    ),
  );
}
