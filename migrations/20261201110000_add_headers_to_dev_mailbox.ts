import type { Knex } from 'knex';

// The development mailbox keeps what a recipient would see besides the bodies: Reply-To, the
// Message-ID and the calendar part (METHOD and content), so a newcomer sees what Samling sends.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dev_mailbox', (t) => {
    t.text('reply_to');
    t.text('message_id');
    t.text('ical_method');
    t.text('ical_content');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('dev_mailbox', (t) => {
    t.dropColumns('reply_to', 'message_id', 'ical_method', 'ical_content');
  });
}
