import type { Knex } from 'knex';

// Goals ("Mål"): a network's goals for a year, a gathering's aim, and each evaluation's answer to
// whether the gathering met its aim (1–5, with an optional comment; still no reference to the person).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('network_goals', (t) => {
    t.increments('id');
    t.integer('network_id').notNullable().references('networks.id').onDelete('cascade');
    t.integer('year').notNullable();
    t.smallint('position').notNullable();
    t.text('text').notNullable();
    t.timestamps(true, true);
    t.unique(['network_id', 'year', 'position']);
  });
  await knex.raw(`alter table network_goals
    add constraint network_goals_year_check check (year between 2000 and 2100),
    add constraint network_goals_position_check check (position between 1 and 5),
    add constraint network_goals_text_check check (length(btrim(text)) between 1 and 300)`);
  // Pages read goals (the network's page, its figures and report): watched like the other tables.
  await knex.raw(
    'create trigger network_goals_notify after insert or update or delete or truncate on network_goals for each statement execute function notify_data_changed()',
  );

  await knex.schema.alterTable('gatherings', (t) => {
    t.text('aim').notNullable().defaultTo('');
  });
  await knex.raw('alter table gatherings add constraint gatherings_aim_check check (length(aim) <= 300)');

  await knex.schema.alterTable('evaluations', (t) => {
    t.smallint('aim_met');
    t.text('aim_comment').notNullable().defaultTo('');
  });
  await knex.raw(`alter table evaluations
    add constraint evaluations_aim_met_check check (aim_met between 1 and 5),
    add constraint evaluations_aim_comment_check check (length(aim_comment) <= 2000)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluations', (t) => {
    t.dropColumn('aim_comment');
    t.dropColumn('aim_met');
  });
  await knex.schema.alterTable('gatherings', (t) => {
    t.dropColumn('aim');
  });
  await knex.schema.dropTable('network_goals');
}
