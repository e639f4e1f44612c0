import type { Knex } from 'knex';

// The topic bank: shared suggestions (no region, no network), a region's topics, and a network's own.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('topics', (t) => {
    t.increments('id');
    t.text('title').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.integer('region_id').references('regions.id').onDelete('cascade');
    t.integer('network_id').references('networks.id').onDelete('cascade');
    t.integer('created_by').references('participants.id').onDelete('set null');
    t.timestamps(true, true);
    t.index(['region_id']);
    t.index(['network_id']);
  });
  await knex.raw("alter table topics add constraint topics_title_not_blank check (btrim(title) <> '')");
  await knex.raw(
    'create unique index topics_scope_title_unique on topics (coalesce(region_id, 0), coalesce(network_id, 0), lower(title))',
  );
  await knex.schema.alterTable('gatherings', (t) => {
    t.integer('topic_id').references('topics.id').onDelete('set null');
    t.index(['topic_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => t.dropColumn('topic_id'));
  await knex.schema.dropTable('topics');
}
