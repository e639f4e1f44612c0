import type { Knex } from 'knex';

// How a network plans its year (docs/domain.md: four gatherings a year, on days and times that suit the members).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.integer('gatherings_per_year').notNullable().defaultTo(4);
    t.specificType('preferred_weekdays', 'smallint[]').notNullable().defaultTo('{4}');
    t.text('start_time').notNullable().defaultTo('12:00');
    t.text('end_time').notNullable().defaultTo('15:00');
    t.text('other_format').notNullable().defaultTo('digital');
    t.jsonb('blocked_periods').notNullable().defaultTo('[]');
    t.integer('presenters_per_gathering').notNullable().defaultTo(1);
  });
  await knex.raw(
    'alter table networks add constraint networks_gatherings_per_year_check check (gatherings_per_year between 1 and 12)',
  );
  await knex.raw(
    "alter table networks add constraint networks_weekdays_check check (cardinality(preferred_weekdays) between 1 and 5 and preferred_weekdays <@ '{1,2,3,4,5}'::smallint[])",
  );
  await knex.raw(
    "alter table networks add constraint networks_times_check check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and end_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and end_time > start_time)",
  );
  await knex.raw(
    "alter table networks add constraint networks_other_format_check check (other_format in ('physical', 'digital', 'hybrid'))",
  );
  await knex.raw(
    'alter table networks add constraint networks_presenters_check check (presenters_per_gathering between 1 and 4)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    for (const column of [
      'gatherings_per_year',
      'preferred_weekdays',
      'start_time',
      'end_time',
      'other_format',
      'blocked_periods',
      'presenters_per_gathering',
    ])
      t.dropColumn(column);
  });
}
