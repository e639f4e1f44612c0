import type { Knex } from 'knex';

// A member service (e.g. a DPS outpatient clinic, a municipal ROP team, a NAV office).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('units', (t) => {
    t.increments('id');
    t.integer('region_id').notNullable().references('regions.id').onDelete('restrict');
    t.text('organisation').notNullable();
    t.text('name').notNullable();
    t.text('service_type').notNullable();
    t.text('address').notNullable().defaultTo('');
    t.boolean('can_host').notNullable().defaultTo(true);
    t.text('manager_name').notNullable().defaultTo('');
    t.text('manager_email').notNullable().defaultTo('');
    t.timestamp('archived_at', { useTz: true });
    // Optimistic locking: an edit form carries the version it was read at.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.index(['region_id', 'service_type']);
  });
  await knex.raw(`alter table units add constraint units_service_type_check
    check (service_type in ('municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other'))`);
  await knex.raw(
    "alter table units add constraint units_names_not_blank check (btrim(name) <> '' and btrim(organisation) <> '')",
  );
  await knex.raw(
    'create unique index units_region_org_name_unique on units (region_id, lower(organisation), lower(name))',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('units');
}
