import type { Knex } from 'knex';

// The case ("kasus") as a duty of its own: the unit that brings an anonymised case to the
// gathering rotates like the host and the presenters, and can be locked by hand the same way.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => {
    t.integer('case_unit_id').references('units.id').onDelete('set null');
    t.boolean('case_locked').notNullable().defaultTo(false);
    t.index(['case_unit_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('gatherings', (t) => {
    t.dropColumn('case_locked');
    t.dropColumn('case_unit_id');
  });
}
