import type { Db } from '../db/knex';
import { enqueueEmail } from '../mail/outbox';
import { issueLoginToken } from './loginTokens';

export const SEND_LOGIN_LINK_TASK = 'send_login_link';

export interface LoginLinkRequest {
  email: string;
  returnTo?: string;
}

/**
 * Asking for a sign-in link does the same work whether or not the address is known: one job on
 * the queue. The answer cannot tell, by its content or its time, who has an account; the worker
 * looks the address up and mails a link to a known one (sendLoginLink).
 */
export async function queueLoginLink(db: Db, request: LoginLinkRequest): Promise<void> {
  await db.raw('select graphile_worker.add_job(identifier => ?, payload => ?::json, max_attempts => 5)', [
    SEND_LOGIN_LINK_TASK,
    JSON.stringify(request),
  ]);
}

/** The queue's task: a single-use link (only its hash stored) mailed to a known, active person; nothing for others. */
export async function sendLoginLink(db: Db, baseUrl: string, request: LoginLinkRequest): Promise<void> {
  const person = await db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .whereRaw('lower(p.email) = ?', [request.email.toLowerCase()])
    .whereNull('p.archived_at')
    .first('p.id', 'p.name', 'p.email', 'p.language', 'u.region_id as regionId');
  if (!person) return;
  await db.transaction(async (trx) => {
    const token = await issueLoginToken(trx, person.id);
    const link = new URL('/login/verify', baseUrl);
    link.searchParams.set('token', token);
    if (request.returnTo) link.searchParams.set('returnTo', request.returnTo);
    await enqueueEmail(
      trx,
      {
        template: 'login',
        to: { email: person.email, participantId: person.id, language: person.language },
        regionId: person.regionId,
        params: { name: person.name },
        secretParams: { link: link.toString() },
      },
      new URL(baseUrl).hostname,
    );
  });
}
