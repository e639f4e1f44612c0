import type { Knex } from 'knex';

// KORUS staff who oversee a region (region_id set) or every region (region_id null).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('korus_admins', (t) => {
    t.increments('id');
    t.integer('participant_id').notNullable().references('participants.id').onDelete('cascade');
    t.integer('region_id').references('regions.id').onDelete('cascade');
    t.timestamps(true, true);
  });
  await knex.raw(
    'create unique index korus_admins_person_region_unique on korus_admins (participant_id, coalesce(region_id, 0))',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('korus_admins');
}
