import type { Knex } from 'knex';

// App instances keep the sessions they read in memory (src/web/session.ts). A session whose data
// changes or that is deleted (signed out, expired, a person erased) names itself on the changes
// channel, and every instance forgets that one session. Refreshing only the expiry (a touch)
// leaves the data as it was and notifies nobody.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function notify_session_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('samling_changes', 'session:' || old.sid);
      return null;
    end $$`);
  await knex.raw(
    'create trigger sessions_forget_deleted after delete on sessions for each row execute function notify_session_changed()',
  );
  await knex.raw(`
    create trigger sessions_forget_changed after update on sessions for each row
    when (old.sess::text is distinct from new.sess::text) execute function notify_session_changed()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger sessions_forget_changed on sessions');
  await knex.raw('drop trigger sessions_forget_deleted on sessions');
  await knex.raw('drop function notify_session_changed()');
}
