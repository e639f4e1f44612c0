import type { Knex } from 'knex';

// Who came to a gathering: invited people present (a row means present), guests, and stand-ins.
export async function up(knex: Knex): Promise<void> {
  // A stand-in is invited for one gathering only, in place of a fixed participant of the same unit.
  await knex.schema.alterTable('invitations', (t) => {
    t.integer('stands_in_for').references('participants.id').onDelete('set null');
    t.index(['stands_in_for']);
  });
  await knex.raw(
    'alter table invitations add constraint invitations_stand_in_not_self check (stands_in_for is null or stands_in_for <> participant_id)',
  );
  // One stand-in per fixed participant and gathering.
  await knex.raw(
    'create unique index invitations_one_stand_in on invitations (gathering_id, stands_in_for) where stands_in_for is not null',
  );
  await knex.schema.createTable('attendances', (t) => {
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('participant_id').notNullable().references('participants.id').onDelete('cascade');
    t.primary(['gathering_id', 'participant_id']);
    t.index(['participant_id']);
  });
  await knex.schema.createTable('attendance_guests', (t) => {
    t.increments('id');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.text('name').notNullable();
    t.text('unit_name').notNullable();
    t.text('profession').notNullable();
    // For the representativeness figures: which kind of service the guest came from, if known.
    t.text('service_type');
    t.timestamps(true, true);
    t.index(['gathering_id']);
  });
  await knex.raw(
    "alter table attendance_guests add constraint attendance_guests_name_not_blank check (btrim(name) <> '' and btrim(unit_name) <> '')",
  );
  await knex.raw(
    "alter table attendance_guests add constraint attendance_guests_service_type_check check (service_type in ('municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation', 'other'))",
  );
  await knex.schema.alterTable('gatherings', (t) => {
    // Set when the leader first registers attendance: the gathering counts as held from then.
    t.timestamp('attendance_recorded_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => t.dropColumn('attendance_recorded_at'));
  await knex.schema.dropTable('attendance_guests');
  await knex.schema.dropTable('attendances');
  await knex.raw('drop index invitations_one_stand_in');
  await knex.raw('alter table invitations drop constraint invitations_stand_in_not_self');
  await knex.schema.alterTable('invitations', (t) => t.dropColumn('stands_in_for'));
}
