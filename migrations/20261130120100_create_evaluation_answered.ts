import type { Knex } from 'knex';

// Which evaluation requests have been answered, kept apart from the requests: a mark is an HMAC
// of the request's id under a key the app holds (src/evaluation/marks.ts), so the database alone
// cannot tell whose request a mark is, and the answer, written with its mark in one transaction,
// is tied to no person. The request rows are no longer written when someone answers.
// Never cached (test/integration/cached-reads.test.ts).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('evaluation_answered', (t) => {
    t.specificType('mark', 'bytea').primary();
  });
  // Answers given before this were written in the same transaction as their request's "used"
  // flag: rewrite both tables so that no row keeps the transaction id it was written in.
  await knex.raw('update evaluations set usefulness = usefulness');
  await knex.raw('update evaluation_requests set used = used');
  // Topic wishes from evaluations carry no time finer than the day.
  await knex.raw(
    "update topics set created_at = date_trunc('day', created_at), updated_at = date_trunc('day', updated_at) where created_by is null",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('evaluation_answered');
}
