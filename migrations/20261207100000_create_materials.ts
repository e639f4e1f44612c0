import type { Knex } from 'knex';

// Files attached to a gathering or one of its agenda items (slides, handouts), kept in PostgreSQL
// so the app's instances hold no files of their own. Counted against the network that owns them
// (its quota, src/materials/commands.ts); a KORUS admin may share one with the region's library.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('materials', (t) => {
    t.increments('id');
    t.integer('network_id').notNullable().references('networks.id').onDelete('cascade');
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    // An agenda item that is removed leaves its material with the gathering.
    t.integer('agenda_item_id').nullable().references('agenda_items.id').onDelete('set null');
    t.text('file_name').notNullable();
    t.text('media_type').notNullable();
    t.integer('byte_size').notNullable();
    t.binary('content').notNullable();
    t.integer('uploaded_by').nullable().references('participants.id').onDelete('set null');
    t.boolean('shared_with_region').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['gathering_id']);
    t.index(['network_id']);
  });
  await knex.raw(
    "alter table materials add constraint materials_file_name_check check (btrim(file_name) <> '' and length(file_name) <= 200)",
  );
  await knex.raw(
    'alter table materials add constraint materials_size_check check (byte_size between 1 and 20971520 and byte_size = octet_length(content))',
  );
  await knex.raw(`alter table materials add constraint materials_media_type_check check (media_type in (
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text',
    'image/png', 'image/jpeg', 'image/webp', 'text/plain'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('materials');
}
