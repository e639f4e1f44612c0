import type { Knex } from 'knex';

// A proposed gathering is the leader's draft until the year plan is accepted; duties can be locked by hand.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table gatherings drop constraint gatherings_status_check');
  await knex.raw(
    "alter table gatherings add constraint gatherings_status_check check (status in ('proposed', 'planned', 'cancelled'))",
  );
  await knex.schema.alterTable('gatherings', (t) => {
    t.boolean('host_locked').notNullable().defaultTo(false);
    t.integer('version').notNullable().defaultTo(1);
  });
  // A digital gathering needs no venue and so no host.
  await knex.raw(
    "alter table gatherings add constraint gatherings_digital_no_host check (format <> 'digital' or host_unit_id is null)",
  );

  await knex.schema.createTable('gathering_presenters', (t) => {
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('unit_id').notNullable().references('units.id').onDelete('restrict');
    t.boolean('locked').notNullable().defaultTo(false);
    t.primary(['gathering_id', 'unit_id']);
    t.index(['unit_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('gathering_presenters');
  await knex.raw('alter table gatherings drop constraint gatherings_digital_no_host');
  await knex.schema.alterTable('gatherings', (t) => {
    t.dropColumn('host_locked');
    t.dropColumn('version');
  });
  await knex.raw('alter table gatherings drop constraint gatherings_status_check');
  await knex.raw(
    "alter table gatherings add constraint gatherings_status_check check (status in ('planned', 'cancelled'))",
  );
}
