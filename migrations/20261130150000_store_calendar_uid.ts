import type { Knex } from 'knex';

// A gathering's calendar UID is stored whole and never derived again. It used to be built as
// `<uuid>@<host of BASE_URL>` on every send, so a new address would have made every calendar
// keep the old event and add a duplicate. Gatherings that exist keep the UID their invitations
// already carry (the host this deployment runs at now); new ones get a bare UUID, as RFC 7986
// §5.3 recommends.
// BASE_URL is read here, with the default src/kernel/config.ts gives it (its host is localhost):
// a migration imports nothing of the app, so a later change to the app cannot change what an old
// migration does, and the built app (dist/) loads migrations as they are, without a TypeScript loader.
export async function up(knex: Knex): Promise<void> {
  const host = new URL(process.env.BASE_URL ?? 'http://localhost').hostname;
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
