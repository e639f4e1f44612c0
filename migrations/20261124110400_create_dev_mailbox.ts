import type { Knex } from 'knex';

// Development without SMTP: delivered messages land here and show on /dev/mailbox.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('dev_mailbox', (t) => {
    t.bigIncrements('id');
    t.text('to_email').notNullable();
    t.text('subject').notNullable();
    t.text('html').notNullable();
    t.text('text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('dev_mailbox');
}
