import type { Knex } from 'knex';

// A unit's service profile for the catalogue ("Tjenestekatalog"): what it offers people with
// ROP conditions, how to make contact (a function address, never a person's) and when it was
// last confirmed. Searched with PostgreSQL's Norwegian text search through a generated column.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('service_profiles', (t) => {
    t.integer('unit_id').primary().references('units.id').onDelete('cascade');
    t.text('offer').notNullable().defaultTo('');
    t.text('target_group').notNullable().defaultTo('');
    t.text('how_to_contact').notNullable().defaultTo('');
    t.text('contact_email').notNullable().defaultTo('');
    t.text('contact_phone').notNullable().defaultTo('');
    t.text('opening_hours').notNullable().defaultTo('');
    t.text('needs_from_others').notNullable().defaultTo('');
    t.specificType('municipalities', 'text[]').notNullable().defaultTo('{}');
    t.timestamp('confirmed_at', { useTz: true });
    t.integer('version').notNullable().defaultTo(1);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table service_profiles add column search tsvector generated always as (
    setweight(to_tsvector('norwegian', offer), 'A') ||
    setweight(to_tsvector('norwegian', target_group || ' ' || needs_from_others), 'B') ||
    setweight(to_tsvector('norwegian', how_to_contact || ' ' || opening_hours), 'C')
  ) stored`);
  await knex.raw('create index service_profiles_search on service_profiles using gin (search)');
  await knex.raw('create index service_profiles_municipalities on service_profiles using gin (municipalities)');
  await knex.raw(
    'alter table service_profiles add constraint service_profiles_lengths_check check (length(offer) <= 4000 and length(target_group) <= 2000 and length(how_to_contact) <= 2000 and length(opening_hours) <= 500 and length(needs_from_others) <= 2000 and length(contact_phone) <= 30 and length(contact_email) <= 254)',
  );
  await knex.raw(
    'create trigger service_profiles_notify after insert or update or delete or truncate on service_profiles for each statement execute function notify_data_changed()',
  );

  // The yearly "is this still right?" link sent to the unit's manager: only its hash is kept.
  // One row per email; the one-click confirmation uses it once, editing works until it expires.
  await knex.schema.createTable('service_profile_checks', (t) => {
    t.increments('id');
    t.integer('unit_id').notNullable().references('units.id').onDelete('cascade');
    t.binary('token_hash').notNullable().unique();
    t.text('sent_to').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('confirmed_at', { useTz: true });
    t.index(['unit_id', 'sent_at']);
  });
  await knex.raw(
    'alter table service_profile_checks add constraint service_profile_checks_expiry_check check (expires_at > sent_at)',
  );

  // Who's who: a person's work email and phone are shown to fellow network members only if they say so.
  await knex.schema.alterTable('participants', (t) => {
    t.boolean('shares_contact_details').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('participants', (t) => {
    t.dropColumn('shares_contact_details');
  });
  await knex.schema.dropTable('service_profile_checks');
  await knex.schema.dropTable('service_profiles');
}
