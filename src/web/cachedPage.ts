import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import Handlebars from 'handlebars';
import type { CachedReads } from '../db/cachedReads';
import type { Language } from '../kernel/i18n';
import { renderFragment } from './views';

// Where each response's CSRF token goes in a kept body: random per process, so nothing a user
// writes can hold it (and text that did would only show the reader their own token).
const TOKEN_SLOT = `csrf-${randomBytes(16).toString('hex')}`;

// Where the kept body goes in this response's layout: random per process, like TOKEN_SLOT.
const BODY_SLOT = `body-${randomBytes(16).toString('hex')}`;

/**
 * A page whose body is the same for everyone who may see it with the same rights: the body is
 * rendered once per language and `key` and kept until the data changes (db/cachedReads.ts); each
 * response puts it in the layout with this visitor's own CSRF token in its forms. `key` must name
 * everything besides the cached data that the body shows (the reader's rights, the day); the body
 * sees only `body()`'s context and the language, never the signed-in person.
 *
 * The body is kept as its UTF-8 bytes, in pieces between the token's places, so a response writes
 * them as they are instead of searching and encoding it again: a page with any character beyond
 * Latin-1 (a dash, a quote mark) is a two-byte string, and encoding one was a fifth of the page's
 * cost (README, Performance).
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
  const bodyParts = await reads.get(`page:${page.view}:${lang}:${page.key}`, async () => {
    const html = await renderFragment(req, page.view, {
      ...(await page.body()),
      ...page.layout,
      lang,
      csrfToken: TOKEN_SLOT,
    });
    return Buffer.from(html, 'utf8').toString('latin1').split(TOKEN_SLOT);
  });
  const around = await renderPage(res, 'cachedPage', { ...page.layout, html: new Handlebars.SafeString(BODY_SLOT) });
  const at = around.indexOf(BODY_SLOT);
  if (at < 0) throw new Error('the cachedPage view must show its body');
  const token = Buffer.from(res.locals.csrfToken as string, 'latin1');
  const chunks: Buffer[] = [Buffer.from(around.slice(0, at), 'utf8')];
  for (const [i, piece] of bytesOf(bodyParts).entries()) {
    if (i > 0) chunks.push(token);
    chunks.push(piece);
  }
  chunks.push(Buffer.from(around.slice(at + BODY_SLOT.length), 'utf8'));
  res.type('html').setHeader(
    'Content-Length',
    chunks.reduce((sum, chunk) => sum + chunk.length, 0),
  );
  writeAll(res, chunks);
}

// Kept pieces this large are written as they are, never copied: copying the national overview's
// 380 KB for every response was most of the process's memory under load. Smaller chunks are
// copied into one, which costs less than a write each.
const WRITTEN_AS_IS = 32 * 1024;

function writeAll(res: Response, chunks: Buffer[]): void {
  res.cork();
  let small: Buffer[] = [];
  for (const chunk of chunks) {
    if (chunk.length < WRITTEN_AS_IS) small.push(chunk);
    else {
      if (small.length > 0) res.write(Buffer.concat(small));
      small = [];
      res.write(chunk);
    }
  }
  res.end(small.length > 0 ? Buffer.concat(small) : undefined);
}

// Each kept body's pieces as bytes, made once per kept body (the cached array is its key, so
// they go when it goes).
const keptBytes = new WeakMap<readonly string[], Buffer[]>();
function bytesOf(parts: readonly string[]): Buffer[] {
  let bytes = keptBytes.get(parts);
  if (!bytes) {
    bytes = parts.map((part) => Buffer.from(part, 'latin1'));
    keptBytes.set(parts, bytes);
  }
  return bytes;
}

/** A view rendered in the layout, as res.render would send it. */
function renderPage(res: Response, view: string, context: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    res.render(view, context, (error: Error | null, html?: string) => (error ? reject(error) : resolve(html ?? ''))),
  );
}
