import type { Knex } from 'knex';
import type { Actor } from '../access/actor';
import { ledNetworkIds, overseenRegionIds } from '../access/policy';
import type { Db } from '../db/knex';
import { inRegions } from '../db/regionScope';

/** Which messages a page is about: a condition on `outgoing_emails` (or the alias given). */
export type MailScope = (query: Knex.QueryBuilder) => void;

/** A network's messages (its send page). */
export const networkMail =
  (networkId: number): MailScope =>
  (query) => {
    query.where('network_id', networkId);
  };

/** What the mail log shows: KORUS admins their regions' mail (all of it, for the whole country), leaders their networks'. */
export function logMail(actor: Actor, table = 'outgoing_emails'): MailScope {
  const regionIds = overseenRegionIds(actor);
  const led = ledNetworkIds(actor);
  return (query) => {
    if (regionIds === undefined) return;
    query.where((w) => w.modify(inRegions(`${table}.region_id`, regionIds)).orWhereIn(`${table}.network_id`, led));
  };
}

/** The mail server refuses: since its first refusal of mail still waiting, and how much of the scope's mail waits. */
export interface ServerRefusal {
  since: Date;
  waiting: number;
}

/**
 * Whether the mail server is refusing, read from the queued messages: the server is one for all
 * mail, so the time is that of the first refusal of any waiting message, and the count is the
 * scope's. The first message the server takes again clears it (sendQueuedEmails).
 */
export async function serverRefusal(db: Db, scope: MailScope): Promise<ServerRefusal | undefined> {
  const row = (await db('outgoing_emails')
    .where('status', 'queued')
    .modify(scope)
    .first(
      db.raw("(select min(server_refused_since) from outgoing_emails where status = 'queued') as since"),
      db.raw('count(*)::int as waiting'),
    )) as { since: Date | null; waiting: number } | undefined;
  return row?.since ? { since: row.since, waiting: row.waiting } : undefined;
}

/**
 * Makes the scope's waiting mail due now, with graphile-worker's reschedule_jobs on the jobs
 * that hold it (outgoing_emails.job_id); a job a worker is running is left alone. Returns how
 * many of the scope's messages were made due, by region (for the audit log).
 */
export async function retryQueuedNow(
  trx: Db,
  scope: MailScope,
): Promise<{ regionId: number | null; messages: number }[]> {
  const waiting = () => trx('outgoing_emails').where('status', 'queued').whereNotNull('job_id').modify(scope);
  const { rows } = await trx.raw(
    `with due as (select id from graphile_worker.reschedule_jobs(array(?), run_at := now()))
     select region_id as "regionId", count(*)::int as messages
     from (?) as waiting where job_id in (select id from due) group by region_id order by region_id`,
    [waiting().distinct('job_id'), waiting().select('job_id', 'region_id')],
  );
  return rows;
}
