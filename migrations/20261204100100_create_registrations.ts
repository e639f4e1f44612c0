import type { Knex } from 'knex';

// One person's registration to a fagdag from the public page. Confirmed or on the waiting list
// (or cancelled from their link); the link's token is stored only as a hash. `member` says the
// address belonged to a member of the fagdag's networks when they registered: the others'
// rows are deleted a set time after the day (src/registration/tasks.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('registrations', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('organisation').notNullable();
    t.text('profession').notNullable().defaultTo('');
    t.jsonb('answers').notNullable().defaultTo('[]');
    t.text('language').notNullable().defaultTo('nb');
    t.boolean('member').notNullable().defaultTo(false);
    t.text('status').notNullable();
    t.binary('cancel_token_hash').notNullable().unique();
    t.boolean('attended').notNullable().defaultTo(false);
    t.timestamp('cancelled_at', { useTz: true });
    t.timestamps(true, true);
    t.index(['gathering_id', 'status', 'created_at']);
  });
  await knex.raw(
    "alter table registrations add constraint registrations_status_check check (status in ('confirmed', 'waiting', 'cancelled'))",
  );
  await knex.raw(
    "alter table registrations add constraint registrations_language_check check (language in ('nb', 'nn'))",
  );
  await knex.raw(
    "alter table registrations add constraint registrations_cancelled_check check ((status = 'cancelled') = (cancelled_at is not null))",
  );
  // One live registration per address and fagdag.
  await knex.raw(
    "create unique index registrations_one_per_email on registrations (gathering_id, email) where status <> 'cancelled'",
  );
  await knex.raw(
    'create trigger registrations_notify after insert or update or delete or truncate on registrations for each statement execute function notify_data_changed()',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('registrations');
}
