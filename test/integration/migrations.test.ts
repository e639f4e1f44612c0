import { createTestDatabase } from '../support/db';

test('the template database is migrated', async () => {
  const { db, drop } = await createTestDatabase();
  try {
    const tables = await db('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name');
    expect(tables).toEqual(expect.arrayContaining(['regions', 'sectors', 'units', 'participants', 'networks', 'memberships']));
  } finally {
    await drop();
  }
});
