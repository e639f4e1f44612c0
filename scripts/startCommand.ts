import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/**
 * What `npm start` runs, read from package.json's start script: Node's flags and the built entry
 * point (under dist/, after `npm run build`). The bench and the shutdown test start the app with
 * exactly these.
 */
export function startCommand(): { nodeFlags: string[]; entry: string } {
  const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } })
    .scripts.start;
  const [node, ...args] = start.split(' ');
  const entry = args.pop();
  if (node !== 'node' || !entry || args.some((arg) => !arg.startsWith('-')))
    throw new Error(`npm start is not "node <flags> <entry>": ${start}`);
  return { nodeFlags: args, entry: path.join(ROOT, entry) };
}
