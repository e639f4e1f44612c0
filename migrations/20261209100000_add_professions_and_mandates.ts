import type { Knex } from 'knex';

// Breadth and mandate. An attendance row also keeps the person's profession as it was on the day
// (filled by the same trigger as the service type), so the figures can show the mix of professions.
// A mandate ("mandat") is a unit manager's confirmation, from an emailed link, that a fixed
// participant takes part in a network on the unit's behalf: one row per membership. And once a
// year each unit manager gets a summary of the unit's participation: sent once per unit and year.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attendances', (t) => {
    t.text('profession');
  });
  await knex.raw(`
    create or replace function attendance_snapshot() returns trigger language plpgsql as $$
    begin
      select u.service_type, p.profession, p.is_user_representative, p.is_relatives_representative
        into new.service_type, new.profession, new.user_representative, new.relatives_representative
        from participants p join units u on u.id = p.unit_id
       where p.id = new.participant_id;
      new.stand_in := exists (select 1 from invitations i
                               where i.gathering_id = new.gathering_id and i.participant_id = new.participant_id and i.stands_in_for is not null);
      return new;
    end $$`);
  await knex.raw(
    'update attendances a set profession = p.profession from participants p where p.id = a.participant_id',
  );
  await knex.raw('alter table attendances alter column profession set not null');

  await knex.schema.createTable('mandates', (t) => {
    t.increments('id');
    t.integer('membership_id').notNullable().unique().references('memberships.id').onDelete('cascade');
    t.binary('token_hash').unique();
    t.timestamp('requested_at', { useTz: true });
    t.timestamp('confirmed_at', { useTz: true });
    /** The manager who confirmed (name and address as they were), for the network page and the log. */
    t.text('confirmed_by').notNullable().defaultTo('');
    t.timestamps(true, true);
  });
  await knex.raw(
    'create trigger mandates_notify after insert or update or delete or truncate on mandates for each statement execute function notify_data_changed()',
  );

  await knex.schema.createTable('unit_summaries_sent', (t) => {
    t.integer('unit_id').notNullable().references('units.id').onDelete('cascade');
    t.integer('year').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['unit_id', 'year']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('unit_summaries_sent');
  await knex.schema.dropTable('mandates');
  await knex.raw(`
    create or replace function attendance_snapshot() returns trigger language plpgsql as $$
    begin
      select u.service_type, p.is_user_representative, p.is_relatives_representative
        into new.service_type, new.user_representative, new.relatives_representative
        from participants p join units u on u.id = p.unit_id
       where p.id = new.participant_id;
      new.stand_in := exists (select 1 from invitations i
                               where i.gathering_id = new.gathering_id and i.participant_id = new.participant_id and i.stands_in_for is not null);
      return new;
    end $$`);
  await knex.schema.alterTable('attendances', (t) => {
    t.dropColumn('profession');
  });
}
