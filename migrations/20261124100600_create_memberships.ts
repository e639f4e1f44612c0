import type { Knex } from 'knex';

// Who belongs to a network and in which role, with history: ending sets ends_on, never deletes.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('memberships', (t) => {
    t.increments('id');
    t.integer('network_id').notNullable().references('networks.id').onDelete('cascade');
    t.integer('participant_id').notNullable().references('participants.id').onDelete('restrict');
    t.text('role').notNullable();
    t.date('starts_on').notNullable().defaultTo(knex.raw('current_date'));
    t.date('ends_on');
    t.timestamps(true, true);
    t.index(['participant_id']);
  });
  await knex.raw(
    "alter table memberships add constraint memberships_role_check check (role in ('leader', 'workingGroup', 'participant'))",
  );
  await knex.raw(
    'alter table memberships add constraint memberships_period_order check (ends_on is null or ends_on >= starts_on)',
  );
  // One current membership per person and network, and at most one current leader per network.
  await knex.raw(
    'create unique index memberships_current_unique on memberships (network_id, participant_id) where ends_on is null',
  );
  await knex.raw(
    "create unique index memberships_one_current_leader on memberships (network_id) where role = 'leader' and ends_on is null",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('memberships');
}
