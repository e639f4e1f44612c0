import type { Knex } from 'knex';

// The day after a gathering whose attendance is not registered (or whose evaluation was not
// sent), its leader is reminded once: reminders_sent gets the kind 'followUp'.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table reminders_sent drop constraint reminders_sent_kind_check');
  await knex.raw(
    "alter table reminders_sent add constraint reminders_sent_kind_check check (kind in ('preparation', 'agendaDue', 'participants', 'followUp'))",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex('reminders_sent').where({ kind: 'followUp' }).delete();
  await knex.raw('alter table reminders_sent drop constraint reminders_sent_kind_check');
  await knex.raw(
    "alter table reminders_sent add constraint reminders_sent_kind_check check (kind in ('preparation', 'agendaDue', 'participants'))",
  );
}
