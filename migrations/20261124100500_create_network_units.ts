import type { Knex } from 'knex';

// Member units of a network, with history: leaving sets left_on, never deletes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('network_units', (t) => {
    t.increments('id');
    t.integer('network_id').notNullable().references('networks.id').onDelete('cascade');
    t.integer('unit_id').notNullable().references('units.id').onDelete('restrict');
    t.date('joined_on').notNullable().defaultTo(knex.raw('current_date'));
    t.date('left_on');
    t.timestamps(true, true);
    t.index(['unit_id']);
  });
  await knex.raw(
    'alter table network_units add constraint network_units_period_order check (left_on is null or left_on >= joined_on)',
  );
  await knex.raw(
    'create unique index network_units_current_unique on network_units (network_id, unit_id) where left_on is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('network_units');
}
