import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Request } from 'express';
import Handlebars from 'handlebars';
import { helpers, VIEWS_DIR } from '../kernel/templates';
import { isLanguage, LANGUAGES, translator, type Language, type Translate } from '../kernel/i18n';

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

/**
 * Every .hbs file under `dir` (not under `skip`), by its path relative to `dir` without the
 * extension: its text, parsed once here so that a broken template stops the start.
 */
function templatesIn(dir: string, skip: string[] = []): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (!entry.isFile() || !entry.name.endsWith('.hbs') || skip.some((s) => file.startsWith(s + path.sep))) continue;
    const text = readFileSync(file, 'utf8');
    Handlebars.parse(text);
    found.set(path.relative(dir, file).slice(0, -'.hbs'.length), text);
  }
  return found;
}

interface LanguageViews {
  views: Map<string, Template>;
  layouts: Map<string, Template>;
}

/** Every view, layout and partial, compiled once per language, the first time it is rendered in it. */
function compileAll(): Record<Language, LanguageViews> {
  const texts = {
    views: templatesIn(VIEWS_DIR, [PARTIALS_DIR, LAYOUTS_DIR, EMAILS_DIR]),
    layouts: templatesIn(LAYOUTS_DIR),
    partials: templatesIn(PARTIALS_DIR),
  };
  const compiled = {} as Record<Language, LanguageViews>;
  for (const language of LANGUAGES) {
    const t = translator(language);
    const env = Handlebars.create();
    env.registerHelper(helpers);
    const onFirstUse = (text: string): Template => {
      let template: Template | undefined;
      return (context, options) => {
        template ??= compileWithTexts(env, text, t);
        return template(context, options);
      };
    };
    for (const [name, text] of texts.partials) env.registerPartial(name, onFirstUse(text));
    compiled[language] = {
      views: new Map([...texts.views].map(([name, text]) => [name, onFirstUse(text)])),
      layouts: new Map([...texts.layouts].map(([name, text]) => [name, onFirstUse(text)])),
    };
  }
  return compiled;
}

/**
 * A template with the language's fixed texts put in, compiled, keeping only the compiled template:
 * `env.compile` keeps the parsed template in its closure for as long as the process runs (for
 * both languages about 7 MB of heap). `precompile` and `template` are Handlebars' own two halves
 * of `compile`; the first returns the template's code as text.
 */
function compileWithTexts(env: typeof Handlebars, text: string, t: Translate): Template {
  const ast = withTextsOf(Handlebars.parse(text), (key) => t(key)) as Program;
  const code = String(env.precompile(ast)); // typed as the specification; it is its source text
  return env.template(new Function(`return ${code}`)() as TemplateSpecification);
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
