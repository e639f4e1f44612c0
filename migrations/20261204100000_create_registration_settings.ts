import type { Knex } from 'knex';

// Open registration to a fagdag (src/registration/): the public link's slug, the capacity shared
// by members who said yes and registrants, the deadline, whether people in no network may come,
// KORUS's contact, and KORUS's questions (a short list of texts, answered per registration).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('registration_settings', (t) => {
    t.integer('gathering_id').primary().references('gatherings.id').onDelete('cascade');
    t.text('public_slug').notNullable().unique();
    t.boolean('open').notNullable().defaultTo(true);
    t.integer('capacity').notNullable();
    t.timestamp('deadline', { useTz: true }).notNullable();
    t.boolean('open_to_outsiders').notNullable().defaultTo(true);
    t.jsonb('questions').notNullable().defaultTo('[]');
    // Who registrants' answers go to (Reply-To) and the calendar's ORGANIZER: the KORUS admin who saved the settings.
    t.text('organizer_name').notNullable();
    t.text('organizer_email').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.timestamps(true, true);
  });
  await knex.raw(
    'alter table registration_settings add constraint registration_settings_capacity_check check (capacity between 1 and 10000)',
  );
  await knex.raw(
    "alter table registration_settings add constraint registration_settings_questions_check check (jsonb_typeof(questions) = 'array' and jsonb_array_length(questions) <= 5)",
  );
  await knex.raw(
    'create trigger registration_settings_notify after insert or update or delete or truncate on registration_settings for each statement execute function notify_data_changed()',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('registration_settings');
}
