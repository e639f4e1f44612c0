import type { Knex } from 'knex';

// An erased person's name is stored as "Sletta person", a form both bokmål and nynorsk accept,
// so pages in either language read right without knowing who was erased
// (src/accounts/personalData.ts, ERASED_NAME). People erased before keep no other trace.
export async function up(knex: Knex): Promise<void> {
  await knex('participants').whereNotNull('erased_at').update({ name: 'Sletta person' });
  await knex('audit_log').where({ actor_name: 'Slettet person' }).update({ actor_name: 'Sletta person' });
}

export async function down(knex: Knex): Promise<void> {
  await knex('participants').whereNotNull('erased_at').update({ name: 'Slettet person' });
  await knex('audit_log').where({ actor_name: 'Sletta person' }).update({ actor_name: 'Slettet person' });
}
