import type { Knex } from 'knex';

// A network's own agenda template (src/agenda/checks.ts, TemplateItem[]); null keeps the default.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.jsonb('agenda_template');
  });
  await knex.raw(
    "alter table networks add constraint networks_agenda_template_is_list check (agenda_template is null or jsonb_typeof(agenda_template) = 'array')",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('networks', (t) => {
    t.dropColumn('agenda_template');
  });
}
