import type { Knex } from 'knex';

// A network's plan for a year, once the leader accepts it (its gatherings then go from proposed to planned).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('year_plans', (t) => {
    t.integer('network_id').notNullable().references('networks.id').onDelete('cascade');
    t.integer('year').notNullable();
    t.timestamp('accepted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('accepted_by').references('participants.id').onDelete('set null');
    t.primary(['network_id', 'year']);
  });
  await knex.raw('alter table year_plans add constraint year_plans_year_check check (year between 2000 and 2100)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('year_plans');
}
