import { randomUUID } from 'node:crypto';
import type { Db } from '../db/knex';
import type { Language } from '../web/i18n';
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

/**
 * Queues an email in the caller's transaction: the message row and the job that sends it are
 * committed together with the change that caused them, or not at all.
 */
export async function enqueueEmail(trx: Db, request: EmailRequest, domain: string): Promise<number> {
  const subject = renderSubject(request.template, request.to.language, { ...request.params, ...request.secretParams });
  const [row] = await trx('outgoing_emails')
    .insert({
      template: request.template,
      to_email: request.to.email,
      participant_id: request.to.participantId ?? null,
      network_id: request.networkId ?? null,
      region_id: request.regionId ?? null,
      language: request.to.language,
      subject,
      params: JSON.stringify(request.params),
      secret_params: request.secretParams ? JSON.stringify(request.secretParams) : null,
      reply_to: request.replyTo ?? null,
      ical_method: request.calendar?.method ?? null,
      ical_content: request.calendar?.content ?? null,
      // A stable Message-ID lets receiving servers drop a duplicate should a retry repeat a delivery.
      message_id: `<${randomUUID()}@${domain}>`,
    })
    .returning('id');
  const id = (row as { id: number }).id;
  await queueSend(trx, id);
  return id;
}

export async function queueSend(trx: Db, emailId: number): Promise<void> {
  await trx.raw('select graphile_worker.add_job(identifier => ?, payload => ?::json, max_attempts => ?)', [SEND_EMAIL_TASK, JSON.stringify({ emailId }), MAX_ATTEMPTS]);
}

/** A failed message goes back in the queue for another round of attempts. */
export async function resendFailed(trx: Db, emailId: number): Promise<boolean> {
  const updated = await trx('outgoing_emails').where({ id: emailId, status: 'failed' }).update({ status: 'queued', attempts: 0, last_error: null, updated_at: trx.fn.now() });
  if (updated > 0) await queueSend(trx, emailId);
  return updated > 0;
}
