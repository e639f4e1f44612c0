import type { Knex } from 'knex';

// Minutes (referat) of a gathering: what was discussed, the questions for next time, an
// anonymised case if one was discussed, and who takes the notes; its actions (what, who, by
// when) stay open until closed; every publication is a version, like the agenda's.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('minutes', (t) => {
    t.integer('gathering_id').primary().references('gatherings.id').onDelete('cascade');
    t.text('discussion').notNullable().defaultTo('');
    t.text('case_summary').notNullable().defaultTo('');
    t.boolean('case_anonymised_confirmed').notNullable().defaultTo(false);
    t.text('next_questions').notNullable().defaultTo('');
    t.integer('note_taker_participant_id').references('participants.id').onDelete('set null');
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // A case is only ever kept once its writer has confirmed it is anonymised.
  await knex.raw(
    "alter table minutes add constraint minutes_case_anonymised_check check (case_summary = '' or case_anonymised_confirmed)",
  );

  await knex.schema.createTable('minutes_actions', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.text('what').notNullable();
    t.integer('responsible_unit_id').references('units.id').onDelete('set null');
    t.text('responsible_person').notNullable().defaultTo('');
    t.date('due_on');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('closed_at', { useTz: true });
    t.integer('closed_by').references('participants.id').onDelete('set null');
    t.index(['gathering_id']);
  });
  await knex.raw("alter table minutes_actions add constraint minutes_actions_what_check check (what <> '')");
  await knex.raw(
    'alter table minutes_actions add constraint minutes_actions_closed_check check (closed_by is null or closed_at is not null)',
  );

  await knex.schema.createTable('minutes_versions', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('version').notNullable();
    t.jsonb('snapshot').notNullable();
    t.timestamp('published_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('published_by').references('participants.id').onDelete('set null');
    t.unique(['gathering_id', 'version']);
  });
  await knex.raw('alter table minutes_versions add constraint minutes_versions_version_check check (version > 0)');

  // Pages read these (the network page's open actions, the overview): they notify like the others.
  for (const table of ['minutes', 'minutes_actions', 'minutes_versions'])
    await knex.raw(
      `create trigger ${table}_notify after insert or update or delete or truncate on ${table} for each statement execute function notify_data_changed()`,
    );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('minutes_versions');
  await knex.schema.dropTable('minutes_actions');
  await knex.schema.dropTable('minutes');
}
