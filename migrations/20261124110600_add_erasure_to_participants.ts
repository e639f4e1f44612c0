import type { Knex } from 'knex';

// Personal data rights: a person may ask for erasure; a KORUS admin carries it out.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('participants', (t) => {
    t.timestamp('erasure_requested_at', { useTz: true });
    t.timestamp('erased_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('participants', (t) => {
    t.dropColumn('erasure_requested_at');
    t.dropColumn('erased_at');
  });
}
