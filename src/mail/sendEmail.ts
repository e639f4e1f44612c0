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
 * Sends one queued email. Already sent: nothing to do (a retried job never sends twice after
 * its success was recorded). On failure the error is recorded and rethrown, so the queue
 * retries with backoff; after the last attempt the email is marked failed.
 */
export async function sendQueuedEmail(db: Db, mailer: Mailer, emailId: number, attempt: { number: number; max: number }): Promise<void> {
  const email = (await db('outgoing_emails').where({ id: emailId }).first()) as EmailRow | undefined;
  if (!email || email.status === 'sent') return;
  const rendered = renderEmail(email.template, email.language, { ...email.params, ...email.secret_params });
  try {
    await mailer.send({
      to: email.to_email,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      messageId: email.message_id,
      replyTo: email.reply_to ?? undefined,
      icalEvent: email.ical_method && email.ical_content ? { method: email.ical_method, content: email.ical_content } : undefined,
    });
  } catch (error) {
    await db('outgoing_emails')
      .where({ id: emailId })
      .update({
        attempts: attempt.number,
        last_error: error instanceof Error ? error.message.slice(0, 500) : String(error),
        // A failed message keeps what it needs to render, so it can be sent again from the mail log.
        status: attempt.number >= attempt.max ? 'failed' : 'queued',
        updated_at: db.fn.now(),
      });
    throw error;
  }
  await db('outgoing_emails')
    .where({ id: emailId })
    .update({ status: 'sent', sent_at: db.fn.now(), attempts: attempt.number, last_error: null, secret_params: null, updated_at: db.fn.now() });
}
