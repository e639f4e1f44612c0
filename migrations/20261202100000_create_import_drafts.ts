import type { Knex } from 'knex';

// A spreadsheet read for an import, kept only between its preview and its confirmation: the row
// is deleted when the import is confirmed, and any draft older than an hour is deleted by the
// next import request (src/imports/queries.ts, dropExpiredDrafts), so personal data from a file
// is not kept longer than the preview needs it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('import_drafts', (t) => {
    t.uuid('id').primary();
    t.integer('actor_id').notNullable().references('participants.id').onDelete('cascade');
    t.text('scope_kind').notNullable();
    t.integer('scope_id').notNullable();
    t.text('file_name').notNullable().defaultTo('');
    t.jsonb('headers').notNullable();
    t.jsonb('rows').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['created_at']);
  });
  await knex.raw(
    "alter table import_drafts add constraint import_drafts_scope_check check (scope_kind in ('region', 'network'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('import_drafts');
}
