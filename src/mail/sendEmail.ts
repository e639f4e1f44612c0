import type { Db } from '../db/knex';
import type { Language } from '../web/i18n';
import type { Mailer } from './mailer';
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

/**
 * Sends a job's queued emails. Those already sent are skipped, and each message is marked sent
 * (its secret values dropped) by its own statement the moment the SMTP server accepts it, so a
 * retried job, or another worker taking over a dead worker's job, repeats only the messages
 * that were accepted but not yet marked when the worker died: at most one per SMTP connection
 * of the mailer's pool. Such a repeat carries the same Message-ID, so receiving servers can
 * drop it. Each failure is recorded; if any message failed the job fails too, so the queue
 * retries it with back-off, and after the last attempt the messages still unsent are marked
 * failed.
 */
export async function sendQueuedEmails(
  db: Db,
  mailer: Mailer,
  emailIds: number[],
  attempt: { number: number; max: number },
): Promise<void> {
  const emails = (await db('outgoing_emails').whereIn('id', emailIds).whereNot('status', 'sent')) as EmailRow[];
  const results = await Promise.allSettled(emails.map((email) => sendOne(db, mailer, email, attempt)));
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
}

async function sendOne(
  db: Db,
  mailer: Mailer,
  email: EmailRow,
  attempt: { number: number; max: number },
): Promise<void> {
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
    await recordFailure(db, email, attempt, error);
    throw error;
  }
  // Accepted: recorded at once, not with the rest of the job, so a crash repeats as little as possible.
  await db('outgoing_emails').where({ id: email.id }).update({
    status: 'sent',
    sent_at: db.fn.now(),
    attempts: attempt.number,
    last_error: null,
    secret_params: null,
    updated_at: db.fn.now(),
  });
}

async function recordFailure(
  db: Db,
  email: EmailRow,
  attempt: { number: number; max: number },
  error: unknown,
): Promise<void> {
  await db('outgoing_emails')
    .where({ id: email.id })
    .update({
      attempts: attempt.number,
      last_error: error instanceof Error ? error.message.slice(0, 500) : String(error),
      // A failed message keeps what it needs to render, so it can be sent again from the mail log.
      status: attempt.number >= attempt.max ? 'failed' : 'queued',
      updated_at: db.fn.now(),
    });
}
