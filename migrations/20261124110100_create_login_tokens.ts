import type { Knex } from 'knex';

// Single-use sign-in links. Only a SHA-256 hash of the token is kept.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('login_tokens', (t) => {
    t.increments('id');
    t.integer('participant_id').notNullable().references('participants.id').onDelete('cascade');
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('used_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['participant_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_tokens');
}
