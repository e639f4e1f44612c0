import type { Knex } from 'knex';

// Who changed what and when, with before/after of the changed fields.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.integer('actor_id').references('participants.id').onDelete('set null');
    t.text('actor_name').notNullable().defaultTo('');
    t.text('action').notNullable();
    t.text('entity_type').notNullable();
    t.integer('entity_id');
    t.integer('region_id').references('regions.id').onDelete('set null');
    t.jsonb('changes').notNullable().defaultTo('{}');
    t.text('request_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['region_id', 'created_at']);
    t.index(['entity_type', 'entity_id']);
    t.index(['actor_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
}
