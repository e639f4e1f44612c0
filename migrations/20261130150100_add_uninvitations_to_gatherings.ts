import type { Knex } from 'knex';

// How often someone was taken off a gathering's invitation list (left the network, or a stand-in
// replaced). Each such calendar cancellation must carry a higher SEQUENCE than the invitation it
// withdraws (RFC 5546 §3.2.5) without changing the gathering for everyone else, so a gathering's
// SEQUENCE is its version plus this count (src/calendar/feeds.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => {
    t.integer('uninvitations').notNullable().defaultTo(0);
  });
  await knex.raw(
    'alter table gatherings add constraint gatherings_uninvitations_not_negative check (uninvitations >= 0)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => {
    t.dropColumn('uninvitations');
  });
}
