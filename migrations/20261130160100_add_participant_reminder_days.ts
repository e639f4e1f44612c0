import type { Knex } from 'knex';

// How many days before a gathering its participants are reminded (it was fixed at two). The
// preparation lead time (preparation_reminder_days) already is a column; both are now set on
// the network's planning settings page, within these bounds.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.integer('participant_reminder_days').notNullable().defaultTo(2);
  });
  await knex.raw(
    'alter table networks add constraint networks_participant_reminder_days_check check (participant_reminder_days between 1 and 14)',
  );
  await knex.raw(
    'alter table networks add constraint networks_preparation_reminder_days_check check (preparation_reminder_days between 1 and 90) not valid',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table networks drop constraint networks_preparation_reminder_days_check');
  await knex.schema.alterTable('networks', (t) => {
    t.dropColumn('participant_reminder_days');
  });
}
