import type { Knex } from 'knex';

// Hit counters for express-rate-limit, shared by every app instance.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_limits', (t) => {
    t.text('key').primary();
    t.integer('hits').notNullable();
    t.timestamp('resets_at', { useTz: true }).notNullable();
    t.index(['resets_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('rate_limits');
}
