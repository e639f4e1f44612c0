import { statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { connectDatabase } from '../src/db/connect';
import { readBackupHeader, restoreBackup } from '../src/db/restore';
import { loadConfig } from '../src/kernel/config';

// `npm run restore -- FILE [--yes]`: a backup (npm run backup) into DATABASE_URL's database or
// the embedded one, which must be empty. Asks first; `--yes` answers for scripts.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((arg) => !arg.startsWith('-'));
  if (!file) throw new Error('Usage: npm run restore -- FILE [--yes]');
  const header = await readBackupHeader(path.resolve(file));
  const config = loadConfig();
  const database = await connectDatabase(config, console.log, { attach: true });
  try {
    const target = new URL(database.url);
    target.password = '';
    console.log(
      `Backup ${file} (${(statSync(file).size / 1024).toFixed(1)} KiB) made ${header.createdAt},` +
        ` at migration ${header.migrations.at(-1) ?? '(none)'}.\nRestore into ${target.toString()}?`,
    );
    if (!args.includes('--yes') && !(await confirmed())) {
      console.log('Nothing restored.');
      process.exitCode = 1;
      return;
    }
    const restored = await restoreBackup(database.db, path.resolve(file));
    console.log(
      `Restored ${restored.rows} rows of ${restored.tables} tables in ${restored.ms} ms` +
        ` (${restored.migrated} migrations applied to reach the backup's level).` +
        `\nStart the app (npm start) or run npm run migrate to bring the database up to this version.`,
    );
  } finally {
    await database.close();
  }
}

async function confirmed(): Promise<boolean> {
  if (!process.stdin.isTTY) throw new Error('Not a terminal: add --yes to restore without asking');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await prompt.question('Type "yes" to restore: ')).trim().toLowerCase() === 'yes';
  } finally {
    prompt.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
