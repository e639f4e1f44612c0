import type { Knex } from 'knex';

// A DPS sector: the catchment area of a district psychiatric centre; networks are organised per sector.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sectors', (t) => {
    t.increments('id');
    t.integer('region_id').notNullable().references('regions.id').onDelete('restrict');
    t.text('name').notNullable();
    t.text('health_trust').notNullable();
    t.specificType('municipalities', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('archived_at', { useTz: true });
    // Optimistic locking: an edit form carries the version it was read at.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.index(['region_id']);
  });
  await knex.raw('create unique index sectors_region_name_unique on sectors (region_id, lower(name))');
  await knex.raw("alter table sectors add constraint sectors_name_not_blank check (btrim(name) <> '')");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sectors');
}
