import type { Knex } from 'knex';

// Two facts the queue cannot give back once it has moved on:
// - job_id: the queue job (graphile-worker's job id) that sends the message. The queue keeps a
//   job's payload out of its public view, so without it nothing can tell which jobs hold a
//   network's waiting mail ("retry now" reschedules exactly those), and a job that handed its
//   messages to a follow-up job must be able to see that they are no longer its to send.
// - server_refused_since: when the mail server began refusing this message or could not be
//   reached, in the current run of such failures. updated_at moves with every attempt and
//   last_error keeps only the latest one, so the start of an outage is otherwise lost; it is what
//   the send page and the mail log show, and what decides when waiting mail is given up.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outgoing_emails', (t) => {
    t.bigInteger('job_id');
    t.timestamp('server_refused_since', { useTz: true });
  });
  // Queued mail is a small part of all mail: the outage warning reads only that part.
  await knex.raw(
    "create index outgoing_emails_refused_since on outgoing_emails (server_refused_since) where status = 'queued'",
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outgoing_emails', (t) => {
    t.dropColumn('job_id');
    t.dropColumn('server_refused_since');
  });
}
