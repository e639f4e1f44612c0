import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import type { Language } from '../kernel/i18n';
import { renderSubject } from './templates';

export interface EmailRequest {
  template: string;
  to: { email: string; participantId?: number; language: Language };
  networkId?: number;
  regionId?: number;
  params: Record<string, unknown>;
  /** Needed to render the message but never kept once it is sent (e.g. a sign-in link). */
  secretParams?: Record<string, unknown>;
  /** Answers go to this address (the network leader); the sender stays the platform. */
  replyTo?: string;
  calendar?: { method: 'request' | 'cancel'; content: string };
}

export const SEND_EMAIL_TASK = 'send_email';
const MAX_ATTEMPTS = 25;

const toRow = (request: EmailRequest, domain: string) => ({
  template: request.template,
  to_email: request.to.email,
  participant_id: request.to.participantId ?? null,
  network_id: request.networkId ?? null,
  region_id: request.regionId ?? null,
  language: request.to.language,
  subject: renderSubject(request.template, request.to.language, { ...request.params, ...request.secretParams }),
  params: request.params,
  secret_params: request.secretParams ?? null,
  reply_to: request.replyTo ?? null,
  ical_method: request.calendar?.method ?? null,
  ical_content: request.calendar?.content ?? null,
  // A stable Message-ID lets receiving servers drop a duplicate should a retry repeat a delivery.
  message_id: `<${randomUUID()}@${domain}>`,
});
const COLUMNS = [
  'id',
  'job_id',
  ...Object.keys(toRow({ template: '', to: { email: '', language: 'nb' }, params: {} }, '')),
];

// One job sends up to this many messages through the pooled transport: a big send is a few
// hundred jobs, not thousands. A retried job skips what it already sent.
export const MESSAGES_PER_JOB = 25;
// Rows per insert statement: a big send's JSON stays a few megabytes.
const ROWS_PER_INSERT = 1000;

/**
 * Queues emails in the caller's transaction: the message rows and the jobs that send them are
 * committed together with the change that caused them, or not at all. The messages' ids are
 * drawn first, so the jobs can name them and each row is written once, already with its job.
 */
export async function enqueueEmails(trx: Db, requests: EmailRequest[], domain: string): Promise<number[]> {
  if (requests.length === 0) return [];
  const { rows: drawn } = (await trx.raw(
    "select nextval(pg_get_serial_sequence('outgoing_emails', 'id')) as id from generate_series(1, ?)",
    [requests.length],
  )) as { rows: { id: number }[] };
  const ids = drawn.map((row) => row.id);
  const jobOf = await addSendJobs(trx, ids);
  for (let i = 0; i < requests.length; i += ROWS_PER_INSERT) {
    const rows = requests
      .slice(i, i + ROWS_PER_INSERT)
      .map((request, j) => ({ id: ids[i + j], job_id: jobOf.get(ids[i + j] as number), ...toRow(request, domain) }));
    // biome-ignore lint/performance/noAwaitInLoops: one insert per thousand messages, not per row
    await trx.raw(
      `insert into outgoing_emails (${COLUMNS}) select ${COLUMNS} from json_populate_recordset(null::outgoing_emails, ?::json)`,
      [JSON.stringify(rows)],
    );
  }
  return ids;
}

export async function enqueueEmail(trx: Db, request: EmailRequest, domain: string): Promise<number> {
  const [id] = await enqueueEmails(trx, [request], domain);
  return id as number;
}

/** The queue jobs that send these messages, MESSAGES_PER_JOB each, as graphile-worker's job specs. */
function sendJobSpecs(emailIds: number[], runAt?: Date) {
  const specs = [];
  for (let i = 0; i < emailIds.length; i += MESSAGES_PER_JOB) {
    specs.push({
      identifier: SEND_EMAIL_TASK,
      payload: { emailIds: emailIds.slice(i, i + MESSAGES_PER_JOB) },
      max_attempts: MAX_ATTEMPTS,
      run_at: runAt?.toISOString(),
    });
  }
  return JSON.stringify(specs);
}

const ADD_JOBS = `select * from graphile_worker.add_jobs(array(
  select json_populate_record(null::graphile_worker.job_spec, spec) from json_array_elements(?::json) as spec))`;

/** Adds the jobs that send messages not yet written, in one statement; gives each message's job. */
async function addSendJobs(trx: Db, emailIds: number[]): Promise<Map<number, number>> {
  const { rows } = (await trx.raw(
    `select jobs.id as job_id, sent.id::bigint as email_id
     from (${ADD_JOBS}) as jobs cross join json_array_elements_text(jobs.payload -> 'emailIds') as sent(id)`,
    [sendJobSpecs(emailIds)],
  )) as { rows: { job_id: number; email_id: number }[] };
  return new Map(rows.map((row) => [row.email_id, row.job_id]));
}

/**
 * Queues written messages again in jobs of MESSAGES_PER_JOB, all in one statement, and records
 * on each message the job that sends it. `runAt` delays them (a retry).
 */
export async function queueSends(trx: Db, emailIds: number[], runAt?: Date): Promise<void> {
  if (emailIds.length === 0) return;
  await trx.raw(
    `with jobs as (${ADD_JOBS})
     update outgoing_emails as e set job_id = jobs.id
     from jobs cross join json_array_elements_text(jobs.payload -> 'emailIds') as sent(id)
     where e.id = sent.id::bigint`,
    [sendJobSpecs(emailIds, runAt)],
  );
}

/** Every failed message of a network goes back in the queue, in jobs of MESSAGES_PER_JOB; returns how many. */
export async function resendAllFailed(trx: Db, networkId: number): Promise<number> {
  const ids = await trx('outgoing_emails')
    .where({ network_id: networkId, status: 'failed' })
    .update({ status: 'queued', attempts: 0, last_error: null, server_refused_since: null, updated_at: trx.fn.now() })
    .returning('id');
  await queueSends(
    trx,
    ids.map((row) => row.id),
  );
  return ids.length;
}

/** A failed message goes back in the queue for another round of attempts. */
export async function resendFailed(trx: Db, emailId: number): Promise<boolean> {
  const updated = await trx('outgoing_emails')
    .where({ id: emailId, status: 'failed' })
    .update({ status: 'queued', attempts: 0, last_error: null, server_refused_since: null, updated_at: trx.fn.now() });
  if (updated > 0) await queueSends(trx, [emailId]);
  return updated > 0;
}
