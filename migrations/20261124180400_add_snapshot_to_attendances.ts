import type { Knex } from 'knex';

// An attendance row keeps what the figures need as it was on the day: the person's service type,
// whether they came as a stand-in, and whether they were a user or relatives representative. A
// later move to another unit does not rewrite who was present, and the overview reads these
// without joining participants, units and invitations for every attendee. A trigger fills them
// on every insert, so no write path can forget.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attendances', (t) => {
    t.text('service_type');
    t.boolean('stand_in').notNullable().defaultTo(false);
    t.boolean('user_representative').notNullable().defaultTo(false);
    t.boolean('relatives_representative').notNullable().defaultTo(false);
  });
  await knex.raw(`
    create function attendance_snapshot() returns trigger language plpgsql as $$
    begin
      select u.service_type, p.is_user_representative, p.is_relatives_representative
        into new.service_type, new.user_representative, new.relatives_representative
        from participants p join units u on u.id = p.unit_id
       where p.id = new.participant_id;
      new.stand_in := exists (select 1 from invitations i
                               where i.gathering_id = new.gathering_id and i.participant_id = new.participant_id and i.stands_in_for is not null);
      return new;
    end $$`);
  await knex.raw(
    'create trigger attendances_snapshot before insert on attendances for each row execute function attendance_snapshot()',
  );
  await knex.raw(`update attendances a set service_type = u.service_type, user_representative = p.is_user_representative, relatives_representative = p.is_relatives_representative,
                    stand_in = exists (select 1 from invitations i where i.gathering_id = a.gathering_id and i.participant_id = a.participant_id and i.stands_in_for is not null)
                   from participants p join units u on u.id = p.unit_id where p.id = a.participant_id`);
  await knex.raw('alter table attendances alter column service_type set not null');
  // Invited fixed participants per gathering, read from the index alone.
  await knex.raw(
    'create index invitations_fixed_by_gathering on invitations (gathering_id, participant_id) where stands_in_for is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index invitations_fixed_by_gathering');
  await knex.raw('drop trigger attendances_snapshot on attendances');
  await knex.raw('drop function attendance_snapshot()');
  await knex.schema.alterTable('attendances', (t) => {
    t.dropColumn('service_type');
    t.dropColumn('stand_in');
    t.dropColumn('user_representative');
    t.dropColumn('relatives_representative');
  });
}
