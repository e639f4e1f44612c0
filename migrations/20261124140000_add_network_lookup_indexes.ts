import type { Knex } from 'knex';

// Member lists and membership history are read by network; the partial unique indexes cover only current rows.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('memberships', (t) => t.index(['network_id', 'role'], 'memberships_network_role'));
  await knex.schema.alterTable('network_units', (t) => t.index(['network_id'], 'network_units_network'));
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('memberships', (t) => t.dropIndex(['network_id', 'role'], 'memberships_network_role'));
  await knex.schema.alterTable('network_units', (t) => t.dropIndex(['network_id'], 'network_units_network'));
}
