import path from 'node:path';
import type { Request } from 'express';
import { create, type ExpressHandlebars } from 'express-handlebars';
import { helpers, VIEWS_DIR } from '../kernel/templates';

export function createViewEngine(): ExpressHandlebars {
  return create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: path.join(VIEWS_DIR, 'layouts'),
    partialsDir: path.join(VIEWS_DIR, 'partials'),
    helpers,
  });
}

/** A view rendered to a string without the layout (a part of a page that is cached on its own). */
export function renderFragment(req: Request, view: string, context: Record<string, unknown>): Promise<string> {
  return new Promise((resolve, reject) =>
    req.app.render(view, { ...context, layout: false }, (error: Error | null, html?: string) =>
      error ? reject(error) : resolve(html ?? ''),
    ),
  );
}
