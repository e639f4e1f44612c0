import fs from 'node:fs';
import path from 'node:path';
import { startCommand } from '../../scripts/startCommand';

// The Node flags are tuned on the bench (README, Performance), which starts the app as
// package.json's start script does; the image must run it with the same flags.

const ROOT = path.resolve(__dirname, '../..');

test("the image's CMD starts the app exactly as npm start does", () => {
  const dockerfile = fs.readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
  expect(cmd).not.toBeNull();
  const { nodeFlags, entry } = startCommand();
  expect(JSON.parse(cmd?.[1] ?? '[]')).toEqual(['node', ...nodeFlags, path.relative(ROOT, entry)]);
});
