import type { Knex } from 'knex';

// How long a gathering's evaluation stays open after it ends (src/evaluation/closing.ts): results
// are shown only once it has closed, and nobody is asked after that.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.integer('evaluation_days').notNullable().defaultTo(14);
  });
  await knex.raw(
    'alter table networks add constraint networks_evaluation_days_range check (evaluation_days between 1 and 90)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.dropColumn('evaluation_days');
  });
}
