import type { Knex } from 'knex';

// Professionals only: name, work contact, unit and profession. Never patient data.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');
  await knex.schema.createTable('participants', (t) => {
    t.increments('id');
    t.integer('unit_id').notNullable().references('units.id').onDelete('restrict');
    t.text('name').notNullable();
    t.text('email').notNullable();
    t.text('phone').notNullable().defaultTo('');
    t.text('profession').notNullable();
    t.boolean('is_user_representative').notNullable().defaultTo(false);
    t.boolean('is_relatives_representative').notNullable().defaultTo(false);
    t.text('language').notNullable().defaultTo('nb');
    t.timestamp('archived_at', { useTz: true });
    // Optimistic locking: an edit form carries the version it was read at.
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
    t.index(['unit_id']);
  });
  await knex.raw('create unique index participants_email_unique on participants (lower(email))');
  await knex.raw(`alter table participants add constraint participants_profession_check
    check (profession in ('nurse', 'psychologist', 'physician', 'psychiatrist', 'socialWorker', 'welfareNurse',
      'experienceConsultant', 'navAdviser', 'childWelfareWorker', 'occupationalTherapist', 'manager', 'other'))`);
  await knex.raw(
    "alter table participants add constraint participants_language_check check (language in ('nb', 'nn'))",
  );
  await knex.raw("alter table participants add constraint participants_name_not_blank check (btrim(name) <> '')");
  await knex.raw(
    "alter table participants add constraint participants_email_shape check (email ~ '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$')",
  );
  // Search by name or email: trigram indexes serve ILIKE '%term%'.
  await knex.raw('create index participants_name_trgm on participants using gin (name gin_trgm_ops)');
  await knex.raw('create index participants_email_trgm on participants using gin (email gin_trgm_ops)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('participants');
}
