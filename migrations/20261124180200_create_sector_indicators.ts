import type { Knex } from 'knex';

// Helse Vest's regional indicators, entered by KORUS per DPS sector and year. Counts only, never patients.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sector_indicators', (t) => {
    t.integer('sector_id').notNullable().references('sectors.id').onDelete('cascade');
    t.smallint('year').notNullable();
    t.boolean('has_collaboration_arena').notNullable().defaultTo(false);
    t.integer('crisis_plan_patients');
    t.integer('fact_teams');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.primary(['sector_id', 'year']);
  });
  await knex.raw(
    'alter table sector_indicators add constraint sector_indicators_counts_not_negative check (coalesce(crisis_plan_patients, 0) >= 0 and coalesce(fact_teams, 0) >= 0)',
  );
  await knex.raw(
    'alter table sector_indicators add constraint sector_indicators_year_range check (year between 2000 and 2100)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sector_indicators');
}
