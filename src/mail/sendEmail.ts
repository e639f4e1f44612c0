import type { Db } from '../db/knex';
import type { Language } from '../kernel/i18n';
import type { Mailer } from './mailer';
import { queueSends } from './outbox';
import { renderEmail } from './templates';

interface EmailRow {
  id: number;
  template: string;
  to_email: string;
  language: Language;
  params: Record<string, unknown>;
  secret_params: Record<string, unknown> | null;
  status: string;
  message_id: string;
  reply_to: string | null;
  ical_method: 'request' | 'cancel' | null;
  ical_content: string | null;
}

/** The queue job that sends: its id, its messages, and graphile-worker's count of its attempts. */
export interface SendJob {
  id: string;
  emailIds: number[];
  attempts: number;
  maxAttempts: number;
}

interface Failure {
  id: number;
  error: unknown;
  attempts: number;
  refusedSince: Date | null;
}

/** The longest wait between attempts while the server refuses: mail goes out this soon after it is back. */
export const RETRY_CAP_SECONDS = 120;
/** Mail the server has refused for this long is given up (failed: the leader may send it again). */
export const GIVE_UP_AFTER_MS = 4 * 24 * 3600_000;

// Failures of the connection rather than of a message: the server is down, unreachable or refuses us.
const SERVER_FAILURE_CODES = new Set(['ECONNECTION', 'ESOCKET', 'ETIMEDOUT', 'EDNS', 'ETLS', 'EAUTH']);

/** The SMTP server would not take mail at all (421, no connection, no sign-in): no fault of the message. */
export function isServerRefusal(error: unknown): boolean {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown };
  return responseCode === 421 || (typeof code === 'string' && SERVER_FAILURE_CODES.has(code));
}

/**
 * Sends a job's queued emails. Those already sent, or handed on to another job, are skipped,
 * and each message is marked sent (its secret values dropped) the moment the SMTP server accepts
 * it (sentMarker), so a retried job, or another worker taking over a dead worker's job, repeats
 * only the messages that were accepted but not yet marked when the worker died: usually a few
 * (those accepted while one marking statement ran), at most those of the jobs the worker had in
 * hand, should marking stall while sending goes on. Such a repeat carries the same Message-ID,
 * so receiving servers can drop it. Each failure is recorded. When the server refused them all,
 * they are retried soon (retrySoon); otherwise the job fails, so the queue retries it with its
 * back-off, and after the last attempt the messages still unsent are marked failed.
 */
export async function sendQueuedEmails(
  db: Db,
  mailer: Mailer,
  markSent: (id: number) => Promise<void>,
  job: SendJob,
): Promise<void> {
  const emails = (await db('outgoing_emails')
    .whereIn('id', job.emailIds)
    .whereNot('status', 'sent')
    .where((mine) => mine.where('job_id', job.id).orWhereNull('job_id'))) as EmailRow[];
  const results = await Promise.allSettled(emails.map((email) => sendOne(db, mailer, markSent, email)));
  const broken = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (broken) throw broken.reason;
  const failures = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  const refusals = failures.filter((f) => isServerRefusal(f.error));
  if (refusals.length < emails.length) await serverAnswers(db);
  if (failures.length === 0) return;
  if (refusals.length === failures.length) return retrySoon(db, refusals);
  if (job.attempts >= job.maxAttempts) await markFailed(db, failures);
  throw (failures.find((f) => !isServerRefusal(f.error)) as Failure).error;
}

const MARK_SENT = `update outgoing_emails set status = 'sent', sent_at = now(), attempts = attempts + 1,
  last_error = null, server_refused_since = null, secret_params = null, updated_at = now() where id = any(?::bigint[])`;

/**
 * Marks messages sent the moment the SMTP server accepts them. Those accepted while a statement
 * runs are marked together by the next one, which starts as soon as it ends (group commit): fewer
 * statements than messages (about 1,100 for 2,000 in `npm run bench:fanout`), and no message waits
 * for more than the statement before its own. One marker serves every job a worker runs.
 */
export function sentMarker(db: Db): (id: number) => Promise<void> {
  let waiting: { id: number; settle: (error?: unknown) => void }[] = [];
  let running = false;
  const markWaiting = async () => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      // biome-ignore lint/performance/noAwaitInLoops: each statement marks everything accepted while the one before ran
      const error = await db.raw(MARK_SENT, [batch.map((m) => m.id)]).then(
        () => undefined,
        (failure: unknown) => failure ?? new Error('marking sent failed'),
      );
      for (const message of batch) message.settle(error);
    }
    running = false;
  };
  return (id) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ id, settle: (error) => (error === undefined ? resolve() : reject(error)) });
      if (!running) void markWaiting();
    });
}

/** Sends one message and marks it sent; a failure is recorded and returned. */
async function sendOne(
  db: Db,
  mailer: Mailer,
  markSent: (id: number) => Promise<void>,
  email: EmailRow,
): Promise<Failure | undefined> {
  const rendered = renderEmail(email.template, email.language, { ...email.params, ...email.secret_params });
  try {
    await mailer.send({
      to: email.to_email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: email.message_id,
      replyTo: email.reply_to ?? undefined,
      icalEvent:
        email.ical_method && email.ical_content
          ? { method: email.ical_method, content: email.ical_content }
          : undefined,
    });
  } catch (error) {
    return recordFailure(db, email.id, error);
  }
  // Accepted: recorded at once, not with the rest of the job, so a crash repeats as little as possible.
  await markSent(email.id);
  return undefined;
}

async function recordFailure(db: Db, id: number, error: unknown): Promise<Failure> {
  const [row] = (await db('outgoing_emails')
    .where({ id })
    .update({
      attempts: db.raw('attempts + 1'),
      last_error: error instanceof Error ? error.message.slice(0, 500) : String(error),
      // The start of a run of refusals is kept through it; any answer from the server ends it.
      server_refused_since: isServerRefusal(error) ? db.raw('coalesce(server_refused_since, now())') : null,
      updated_at: db.fn.now(),
    })
    .returning(['attempts', 'server_refused_since as refusedSince'])) as {
    attempts: number;
    refusedSince: Date | null;
  }[];
  return { id, error, attempts: row?.attempts ?? 1, refusedSince: row?.refusedSince ?? null };
}

/**
 * graphile-worker retries a failed job after exp(min(attempts, 10)) seconds, up to six hours
 * apart. That is fixed in its SQL, and a running job cannot bring its next attempt forward:
 * reschedule_jobs leaves locked jobs alone, and a failure adds the back-off to whatever run_at
 * holds. So when the server refused every message, the job does not fail: it hands the
 * messages to a new job due after the same back-off capped at RETRY_CAP_SECONDS, and ends
 * successfully, and mail goes out within the cap of the server's return. The handover (the new
 * job and each message's job_id) is one transaction, so should this job run again (its worker
 * died before the queue marked it done) it finds nothing left to send. Refusals thus do not use
 * up the job's attempts; mail refused for GIVE_UP_AFTER_MS is marked failed instead.
 */
async function retrySoon(db: Db, refusals: Failure[]): Promise<void> {
  const cutoff = Date.now() - GIVE_UP_AFTER_MS;
  const expired = refusals.filter((f) => f.refusedSince !== null && f.refusedSince.getTime() < cutoff);
  const waiting = refusals.filter((f) => !expired.includes(f));
  await markFailed(db, expired);
  if (waiting.length === 0) return;
  const attempts = Math.max(...waiting.map((f) => f.attempts));
  const delaySeconds = Math.min(Math.exp(Math.min(attempts, 10)), RETRY_CAP_SECONDS);
  const runAt = new Date(Date.now() + delaySeconds * 1000);
  await db.transaction((trx) =>
    queueSends(
      trx,
      waiting.map((f) => f.id),
      runAt,
    ),
  );
}

/**
 * The server answered: waiting mail is no longer said to be refused (it goes out with its next
 * attempt). Rows another job is writing at this moment are skipped, not waited for (waiting on
 * rows locked in another order could deadlock): the next answer clears them, or their sending does.
 */
async function serverAnswers(db: Db): Promise<void> {
  await db('outgoing_emails')
    .whereIn(
      'id',
      db('outgoing_emails')
        .select('id')
        .where('status', 'queued')
        .whereNotNull('server_refused_since')
        .forUpdate()
        .skipLocked(),
    )
    .update({ server_refused_since: null });
}

// A failed message keeps what it needs to render, so it can be sent again from the mail log.
async function markFailed(db: Db, failures: Failure[]): Promise<void> {
  if (failures.length === 0) return;
  await db('outgoing_emails')
    .whereIn(
      'id',
      failures.map((f) => f.id),
    )
    .update({ status: 'failed', updated_at: db.fn.now() });
}
