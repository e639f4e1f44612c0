import type { Knex } from 'knex';

// A gathering's agenda: ordered items whose times follow from order and durations.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('agenda_items', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('position').notNullable();
    t.text('kind').notNullable();
    t.text('title').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.integer('duration_minutes').notNullable();
    t.integer('responsible_unit_id').references('units.id').onDelete('set null');
    t.text('responsible_person').notNullable().defaultTo('');
    // A case presentation is discussed only after the responsible person confirms it is anonymised.
    t.boolean('anonymised_confirmed').notNullable().defaultTo(false);
    t.timestamps(true, true);
  });
  await knex.raw(`alter table agenda_items add constraint agenda_items_kind_check
    check (kind in ('welcome', 'topicTalk', 'casePresentation', 'servicePresentation', 'exchange', 'break', 'evaluation', 'other'))`);
  await knex.raw(
    'alter table agenda_items add constraint agenda_items_duration_check check (duration_minutes between 1 and 600)',
  );
  await knex.raw("alter table agenda_items add constraint agenda_items_title_not_blank check (btrim(title) <> '')");
  // Deferrable, so moving an item swaps two positions inside one transaction.
  await knex.raw(
    'alter table agenda_items add constraint agenda_items_position_unique unique (gathering_id, position) deferrable initially deferred',
  );

  await knex.schema.createTable('agenda_versions', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('version').notNullable();
    t.jsonb('snapshot').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('published_by').references('participants.id').onDelete('set null');
    t.unique(['gathering_id', 'version']);
  });

  await knex.schema.alterTable('networks', (t) => {
    t.integer('min_exchange_percent').notNullable().defaultTo(30);
    t.integer('agenda_due_days').notNullable().defaultTo(14);
  });
  await knex.raw(
    'alter table networks add constraint networks_min_exchange_check check (min_exchange_percent between 0 and 100)',
  );
  await knex.raw(
    'alter table networks add constraint networks_agenda_due_check check (agenda_due_days between 0 and 90)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.dropColumn('min_exchange_percent');
    t.dropColumn('agenda_due_days');
  });
  await knex.schema.dropTable('agenda_versions');
  await knex.schema.dropTable('agenda_items');
}
