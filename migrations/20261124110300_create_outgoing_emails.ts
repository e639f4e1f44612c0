import type { Knex } from 'knex';

// Every email the platform sends: what, to whom, and its state. The worker sends from here.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outgoing_emails', (t) => {
    t.bigIncrements('id');
    t.text('template').notNullable();
    t.text('to_email').notNullable();
    t.integer('participant_id').references('participants.id').onDelete('set null');
    t.integer('network_id').references('networks.id').onDelete('set null');
    t.integer('region_id').references('regions.id').onDelete('set null');
    t.text('language').notNullable().defaultTo('nb');
    t.text('subject').notNullable();
    t.jsonb('params').notNullable().defaultTo('{}');
    // Values that must never be kept, such as a sign-in link: cleared once the message is sent.
    t.jsonb('secret_params');
    t.text('status').notNullable().defaultTo('queued');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.text('message_id').notNullable();
    t.timestamp('sent_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['network_id', 'created_at']);
    t.index(['region_id', 'created_at']);
    t.index(['participant_id']);
  });
  await knex.raw(
    "alter table outgoing_emails add constraint outgoing_emails_status_check check (status in ('queued', 'sent', 'failed'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('outgoing_emails');
}
