import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import type { CachedReads } from '../db/cachedReads';
import type { Language } from '../kernel/i18n';
import { renderFragment } from './views';

// Where each response's CSRF token goes in a kept body: random per process, so nothing a user
// writes can hold it (and text that did would only show the reader their own token).
const TOKEN_SLOT = `csrf-${randomBytes(16).toString('hex')}`;

/**
 * A page whose body is the same for everyone who may see it with the same rights: the body is
 * rendered once per language and `key` and kept until the data changes (db/cachedReads.ts); each
 * response puts it in the layout with this visitor's own CSRF token in its forms. `key` must name
 * everything besides the cached data that the body shows (the reader's rights, the day); the body
 * sees only `body()`'s context and the language, never the signed-in person.
 */
export async function renderCachedPage(
  req: Request,
  res: Response,
  reads: CachedReads,
  page: {
    view: string;
    key: string;
    /** What the layout shows around the body. */
    layout: { title: string; breadcrumbs?: unknown };
    body: () => Record<string, unknown> | Promise<Record<string, unknown>>;
  },
): Promise<void> {
  const lang = res.locals.lang as Language;
  const body = await reads.get(`page:${page.view}:${lang}:${page.key}`, async () =>
    renderFragment(req, page.view, { ...(await page.body()), ...page.layout, lang, csrfToken: TOKEN_SLOT }),
  );
  res.render('cachedPage', {
    ...page.layout,
    html: new Handlebars.SafeString(body.replaceAll(TOKEN_SLOT, res.locals.csrfToken as string)),
  });
}
