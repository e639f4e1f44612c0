import knex, { Knex } from 'knex';
import pg from 'pg';

// DATE columns are calendar dates, not instants: keep them as 'YYYY-MM-DD' strings.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and other bigints fit comfortably in a JS number at our scale.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Db = Knex;

export function createDb(connectionString: string, poolMax = 10): Db {
  return knex({
    client: 'pg',
    connection: connectionString,
    pool: { min: 0, max: poolMax },
  });
}
