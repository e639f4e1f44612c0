import type { Knex } from 'knex';

// A gathering (samling). A joint fagdag belongs to several networks, hence gathering_networks.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('gatherings', (t) => {
    t.increments('id');
    t.uuid('uid').notNullable().unique().defaultTo(knex.raw('gen_random_uuid()'));
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.text('kind').notNullable().defaultTo('regular');
    t.text('format').notNullable();
    t.text('status').notNullable().defaultTo('planned');
    t.text('topic').notNullable().defaultTo('');
    t.integer('host_unit_id').references('units.id').onDelete('restrict');
    t.text('venue').notNullable().defaultTo('');
    t.text('meeting_url').notNullable().defaultTo('');
    t.timestamps(true, true);
    t.index(['starts_at']);
    t.index(['host_unit_id']);
  });
  await knex.raw("alter table gatherings add constraint gatherings_kind_check check (kind in ('regular', 'fagdag'))");
  await knex.raw(
    "alter table gatherings add constraint gatherings_format_check check (format in ('physical', 'digital', 'hybrid'))",
  );
  await knex.raw(
    "alter table gatherings add constraint gatherings_status_check check (status in ('planned', 'cancelled'))",
  );
  await knex.raw('alter table gatherings add constraint gatherings_time_order check (ends_at > starts_at)');

  await knex.schema.createTable('gathering_networks', (t) => {
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('network_id').notNullable().references('networks.id').onDelete('cascade');
    t.primary(['gathering_id', 'network_id']);
    t.index(['network_id', 'gathering_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('gathering_networks');
  await knex.schema.dropTable('gatherings');
}
