import type { Knex } from 'knex';

// Answers that calendar clients (Outlook, Google Calendar, Apple Calendar) sent to Samling's reply
// address as iTIP messages (RFC 5546), each with what became of it: recorded as the person's answer,
// shown as a proposed new time (COUNTER, never applied), or refused with a reason the leader reads.
// One row per message (message_id is unique), so a message delivered twice is handled once.
// Nothing the sender wrote as free text is kept.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_replies', (t) => {
    t.increments('id');
    t.text('message_id').notNullable().unique();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.integer('gathering_id').references('gatherings.id').onDelete('cascade');
    t.integer('invitation_id').references('invitations.id').onDelete('cascade');
    t.text('method').notNullable();
    t.text('attendee_email').notNullable();
    t.text('sender_email').notNullable().defaultTo('');
    t.text('client').notNullable().defaultTo('');
    t.integer('sequence').notNullable().defaultTo(0);
    t.timestamp('dtstamp', { useTz: true });
    t.text('answer');
    t.timestamp('proposed_starts_at', { useTz: true });
    t.timestamp('proposed_ends_at', { useTz: true });
    t.text('outcome').notNullable();
    t.text('reason');
    t.index(['gathering_id', 'received_at']);
    t.index(['invitation_id']);
  });
  await knex.raw(`
    alter table calendar_replies
      add constraint calendar_replies_method_check check (method in ('REPLY', 'COUNTER')),
      add constraint calendar_replies_answer_check check (answer in ('yes', 'no', 'maybe')),
      add constraint calendar_replies_outcome_check check (outcome in ('recorded', 'counter', 'refused')),
      add constraint calendar_replies_reason_check check (reason in (
        'unknownEvent', 'notInvited', 'senderMismatch', 'cancelled', 'closed', 'stale', 'duplicate', 'unsupportedAnswer')),
      -- a recorded answer belongs to an invitation and says what was answered; a refusal says why
      add constraint calendar_replies_recorded_check check (
        outcome <> 'recorded' or (invitation_id is not null and answer is not null and reason is null)),
      add constraint calendar_replies_counter_check check (
        outcome <> 'counter' or (method = 'COUNTER' and invitation_id is not null and proposed_starts_at is not null)),
      add constraint calendar_replies_refused_check check (outcome <> 'refused' or reason is not null)
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_replies');
}
