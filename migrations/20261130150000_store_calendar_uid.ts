import type { Knex } from 'knex';
import { loadConfig } from '../src/kernel/config';

// A gathering's calendar UID is stored whole and never derived again. It used to be built as
// `<uuid>@<host of BASE_URL>` on every send, so a new address would have made every calendar
// keep the old event and add a duplicate. Gatherings that exist keep the UID their invitations
// already carry (the host this deployment runs at now); new ones get a bare UUID, as RFC 7986
// §5.3 recommends.
export async function up(knex: Knex): Promise<void> {
  const host = new URL(loadConfig().BASE_URL).hostname;
  await knex.raw('alter table gatherings alter column uid drop default');
  await knex.raw('alter table gatherings alter column uid type text using uid::text');
  await knex('gatherings').update({ uid: knex.raw(`uid || '@' || ?`, [host]) });
  await knex.raw('alter table gatherings alter column uid set default gen_random_uuid()::text');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table gatherings alter column uid drop default');
  await knex.raw(`alter table gatherings alter column uid type uuid using split_part(uid, '@', 1)::uuid`);
  await knex.raw('alter table gatherings alter column uid set default gen_random_uuid()');
}
