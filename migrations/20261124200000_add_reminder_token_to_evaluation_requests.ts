import type { Knex } from 'knex';

// The reminder carries a link of its own (only hashes are kept, so the first link cannot be sent
// again); the first link keeps working too. Either one answers the same single-use request.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluation_requests', (t) => {
    t.specificType('reminder_token_hash', 'bytea').unique();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluation_requests', (t) => t.dropColumn('reminder_token_hash'));
}
