import type { Knex } from 'knex';

// Each reminder goes out once: the unique key is claimed in the same transaction that queues it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('reminders_sent', (t) => {
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.text('kind').notNullable();
    t.text('email').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['gathering_id', 'kind', 'email']);
  });
  await knex.raw(
    "alter table reminders_sent add constraint reminders_sent_kind_check check (kind in ('preparation', 'agendaDue', 'participants'))",
  );
  await knex.schema.alterTable('networks', (t) => t.integer('preparation_reminder_days').notNullable().defaultTo(28));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => t.dropColumn('preparation_reminder_days'));
  await knex.schema.dropTable('reminders_sent');
}
