import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { translator, type Language } from '../kernel/i18n';
import { helpers, VIEWS_DIR } from '../kernel/templates';

const EMAILS_DIR = path.join(VIEWS_DIR, 'emails');
const handlebars = Handlebars.create();
handlebars.registerHelper(helpers);
// Parts shared by several emails, e.g. {{> answerButtons.html}}: views/emails/partials/<name>.hbs.
const PARTIALS_DIR = path.join(EMAILS_DIR, 'partials');
for (const file of readdirSync(PARTIALS_DIR))
  handlebars.registerPartial(file.replace(/\.hbs$/, ''), readFileSync(path.join(PARTIALS_DIR, file), 'utf8'));

const cache = new Map<string, Handlebars.TemplateDelegate>();
function compiled(file: string): Handlebars.TemplateDelegate {
  let template = cache.get(file);
  if (!template) {
    // Plain-text parts are not HTML: nothing in them is escaped.
    template = handlebars.compile(readFileSync(path.join(EMAILS_DIR, file), 'utf8'), {
      noEscape: file.endsWith('.text.hbs'),
    });
    cache.set(file, template);
  }
  return template;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/**
 * Renders views/emails/<template>.html.hbs and .text.hbs inside the common layout, in the
 * recipient's language. The subject is the catalogue's emails.<template>.subject.
 */
/** Only the subject line (kept with the queued message; the body is rendered when it is sent). */
export function renderSubject(template: string, language: Language, params: Record<string, unknown>): string {
  return translator(language)(`emails.${template}.subject`, params);
}

export function renderEmail(template: string, language: Language, params: Record<string, unknown>): RenderedEmail {
  const context = { ...params, lang: language };
  const subject = renderSubject(template, language, params);
  const html = compiled('layout.html.hbs')({
    ...context,
    subject,
    body: new Handlebars.SafeString(compiled(`${template}.html.hbs`)(context)),
  });
  const text = compiled('layout.text.hbs')({ ...context, body: compiled(`${template}.text.hbs`)(context) });
  return { subject, html, text };
}
