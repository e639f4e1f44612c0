import type { Knex } from 'knex';

// A learning network runs about two years: its period is between one and three years
// (src/networks/schema.ts, LEARNING_PERIOD_DAYS). NOT VALID: rows written before are not rechecked.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `alter table networks add constraint networks_learning_period_length
       check (kind <> 'learning' or (ends_on - starts_on) between 365 and 1096) not valid`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table networks drop constraint networks_learning_period_length');
}
