import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateTableTypes, TABLE_TYPES_FILE } from '../../scripts/tableTypes';
import { createTestDatabase } from '../support/db';

// The tables' row types knex infers query results from are generated from the migrated schema: a
// migration added or changed without running `npm run db:types` fails here.
test('src/db/tables.ts matches the migrated schema (run `npm run db:types` after changing a migration)', async () => {
  const { db, drop } = await createTestDatabase();
  try {
    const generated = await generateTableTypes(db);
    const committed = readFileSync(path.resolve(__dirname, '../..', TABLE_TYPES_FILE), 'utf8');
    expect(committed).toBe(generated);
  } finally {
    await drop();
  }
});
