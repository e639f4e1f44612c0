import knex, { type Knex } from 'knex';
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
    // A database that cannot be reached (down, restarting, a network partition that drops
    // packets) fails the request within seconds, as a 503 page (src/web/errors.ts), instead of
    // holding it for knex's default minute.
    acquireConnectionTimeout: 5000,
  });
}
