import type { Knex } from 'knex';

// A registrant marked present at a fagdag is asked to evaluate it like a participant: the
// request names either a participant or a registration, never both.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('evaluation_requests', (t) => {
    t.integer('registration_id').references('registrations.id').onDelete('cascade');
  });
  await knex.raw('alter table evaluation_requests alter column participant_id drop not null');
  await knex.raw(
    'alter table evaluation_requests add constraint evaluation_requests_one_person check (num_nonnulls(participant_id, registration_id) = 1)',
  );
  await knex.raw(
    'create unique index evaluation_requests_one_per_registration on evaluation_requests (gathering_id, registration_id)',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index evaluation_requests_one_per_registration');
  await knex.raw('alter table evaluation_requests drop constraint evaluation_requests_one_person');
  await knex.schema.alterTable('evaluation_requests', (t) => {
    t.dropColumn('registration_id');
  });
}
