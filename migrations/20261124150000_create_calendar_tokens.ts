import type { Knex } from 'knex';

// A person's secret calendar-feed token (one at a time; renewing replaces it). Only its hash is kept.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_tokens', (t) => {
    t.integer('participant_id').primary().references('participants.id').onDelete('cascade');
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_tokens');
}
