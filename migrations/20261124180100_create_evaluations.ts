import type { Knex } from 'knex';

// Evaluation after a gathering. Who was asked and whether their single-use link is used live in
// evaluation_requests; the answers live in evaluations with no link back to a person, and no
// time finer than the day, so an answer cannot be matched to the person who gave it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evaluation_requests', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('participant_id').notNullable().references('participants.id').onDelete('cascade');
    t.specificType('token_hash', 'bytea').notNullable().unique();
    t.boolean('used').notNullable().defaultTo(false);
    t.boolean('reminded').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['gathering_id', 'participant_id']);
    t.index(['participant_id']);
  });
  await knex.schema.createTable('evaluations', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.smallint('usefulness').notNullable();
    t.boolean('topic_relevant').notNullable();
    t.boolean('enough_exchange').notNullable();
    t.text('what_worked').notNullable().defaultTo('');
    t.text('what_to_change').notNullable().defaultTo('');
    t.text('topic_wishes').notNullable().defaultTo('');
    t.date('submitted_on').notNullable().defaultTo(knex.raw('current_date'));
    t.index(['gathering_id']);
  });
  await knex.raw(
    'alter table evaluations add constraint evaluations_usefulness_range check (usefulness between 1 and 5)',
  );
  await knex.schema.alterTable('gatherings', (t) => {
    // The leader may remind those who have not answered once.
    t.timestamp('evaluation_reminder_sent_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => t.dropColumn('evaluation_reminder_sent_at'));
  await knex.schema.dropTable('evaluations');
  await knex.schema.dropTable('evaluation_requests');
}
