import type { Knex } from 'knex';

// What each version of a gathering said when it was sent, so an update can say what changed since
// the version a person last got.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('gathering_sent_versions', (t) => {
    t.integer('gathering_id').notNullable().references('gatherings.id').onDelete('cascade');
    t.integer('version').notNullable();
    t.jsonb('state').notNullable();
    t.primary(['gathering_id', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('gathering_sent_versions');
}
