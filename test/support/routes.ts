import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The routes the sources declare, read from the files themselves (not from a running app), so a
// guard test fails as soon as someone adds a route without adding it to the fuzz list, the CSRF
// check or the authorisation matrix.

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every `router.get/post('/path'` (also `publicRoutes.post(…)` etc.) in src, plus archive/restore routes. */
export function declaredRoutes(method: 'get' | 'post'): string[] {
  const found = new Set<string>();
  const call = new RegExp(String.raw`\b(?:router|[A-Za-z]*Routes)\.${method}\(\s*(['\`])([^'\`]+)\1`, 'g');
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(call)) {
      const route = match[2] as string;
      // The generic archive/restore helper: its call sites are expanded below.
      if (route.includes('${')) continue;
      found.add(route);
    }
    if (method === 'post') {
      for (const match of text.matchAll(/addArchiveRoutes(?:<[^>]*>)?\(\s*router,\s*db,\s*\{\s*path:\s*'([^']+)'/g)) {
        found.add(`${match[1]}/:id/archive`);
        found.add(`${match[1]}/:id/restore`);
      }
    }
  }
  return [...found].sort();
}
