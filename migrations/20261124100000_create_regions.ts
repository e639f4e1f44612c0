import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('regions', (t) => {
    t.increments('id');
    t.text('name').notNullable();
    t.text('korus_centre').notNullable();
    // Demo regions are rebuilt by `npm run seed:demo` and labelled as demo data in the interface.
    t.boolean('is_demo').notNullable().defaultTo(false);
    t.timestamp('archived_at', { useTz: true });
    // Optimistic locking: an edit form carries the version it was read at.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw('create unique index regions_name_unique on regions (lower(name))');
  await knex.raw("alter table regions add constraint regions_name_not_blank check (btrim(name) <> '')");
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('regions');
}
