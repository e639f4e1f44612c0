import type { Knex } from 'knex';

// Who is invited to which gathering, what they answered, and which version of the gathering they last got.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('invitations', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('participant_id').notNullable().references('participants.id').onDelete('cascade');
    t.text('answer');
    t.timestamp('answered_at', { useTz: true });
    t.integer('sent_version').notNullable();
    t.timestamps(true, true);
    t.unique(['gathering_id', 'participant_id']);
    t.index(['participant_id']);
  });
  await knex.raw(
    "alter table invitations add constraint invitations_answer_check check (answer in ('yes', 'no', 'maybe'))",
  );
  // Every invitation email carries its own answer link; older links keep working. Only hashes are kept.
  await knex.schema.createTable('rsvp_tokens', (t) => {
    t.specificType('token_hash', 'bytea').primary();
    t.integer('invitation_id').notNullable().references('invitations.id').onDelete('cascade');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['invitation_id']);
  });
  await knex.schema.alterTable('outgoing_emails', (t) => {
    t.text('reply_to');
    // The calendar part: an inline text/calendar; method=REQUEST (or CANCEL), as Outlook expects.
    t.text('ical_method');
    t.text('ical_content');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outgoing_emails', (t) => {
    t.dropColumn('reply_to');
    t.dropColumn('ical_method');
    t.dropColumn('ical_content');
  });
  await knex.schema.dropTable('rsvp_tokens');
  await knex.schema.dropTable('invitations');
}
