import type { Knex } from 'knex';

// Every write to a table that pages are read from notifies the app instances, which keep costly
// reads in memory until then (src/db/cachedReads.ts). One notification per statement, and
// PostgreSQL folds a transaction's identical notifications into one, delivered at commit.
// Sessions, the mail queue, tokens, rate limits and the audit log are written all the time and
// never cached, so they do not notify (test/integration/cached-reads.test.ts holds the list).
const WATCHED_TABLES = [
  'agenda_items',
  'agenda_versions',
  'attendance_guests',
  'attendances',
  'calendar_tokens',
  'evaluation_requests',
  'evaluations',
  'gathering_networks',
  'gathering_presenters',
  'gathering_sent_versions',
  'gatherings',
  'invitations',
  'korus_admins',
  'memberships',
  'network_units',
  'networks',
  'participants',
  'regions',
  'sector_indicators',
  'sectors',
  'topics',
  'units',
  'year_plans',
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function notify_data_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('samling_changes', '');
      return null;
    end $$`);
  for (const table of WATCHED_TABLES) {
    await knex.raw(
      `create trigger ${table}_notify after insert or update or delete or truncate on ${table} for each statement execute function notify_data_changed()`,
    );
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of WATCHED_TABLES) await knex.raw(`drop trigger ${table}_notify on ${table}`);
  await knex.raw('drop function notify_data_changed()');
}
