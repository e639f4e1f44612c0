import type { Knex } from 'knex';

// A local ROP network per DPS sector, or a two-year KORUS learning network (kind = 'learning').
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('networks', (t) => {
    t.increments('id');
    t.integer('sector_id').notNullable().references('sectors.id').onDelete('restrict');
    t.text('name').notNullable();
    t.text('kind').notNullable().defaultTo('local');
    t.date('starts_on');
    t.date('ends_on');
    t.text('status').notNullable().defaultTo('active');
    t.text('description').notNullable().defaultTo('');
    t.timestamp('archived_at', { useTz: true });
    // Optimistic locking: an edit form carries the version it was read at.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.index(['sector_id']);
  });
  await knex.raw("alter table networks add constraint networks_kind_check check (kind in ('local', 'learning'))");
  await knex.raw(
    "alter table networks add constraint networks_status_check check (status in ('planned', 'active', 'ended'))",
  );
  await knex.raw("alter table networks add constraint networks_name_not_blank check (btrim(name) <> '')");
  // docs/domain.md, rule 11: a learning network has a period (two years); a local network is ongoing.
  await knex.raw(`alter table networks add constraint networks_learning_period
    check (kind <> 'learning' or (starts_on is not null and ends_on is not null))`);
  await knex.raw(
    'alter table networks add constraint networks_period_order check (ends_on is null or starts_on is null or ends_on > starts_on)',
  );
  await knex.raw('create unique index networks_sector_name_unique on networks (sector_id, lower(name))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('networks');
}
