import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder, the one holding package.json. Views, public files, the text catalogues
 * and the migrations are found from it, whether the code runs from src/ (tsx, jest) or as
 * `npm run build` compiled it into dist/ (which has no package.json of its own).
 */
export const PROJECT_ROOT = findRoot(__dirname);

function findRoot(dir: string): string {
  if (existsSync(path.join(dir, 'package.json'))) return dir;
  const parent = path.dirname(dir);
  if (parent === dir) throw new Error(`No package.json in ${__dirname} or above it`);
  return findRoot(parent);
}
