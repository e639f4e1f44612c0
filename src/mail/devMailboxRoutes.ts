import { Router } from 'express';
import type { Db } from '../db/knex';

/** Whether a connection comes from this machine. */
export const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));

/**
 * Development without SMTP: the mail that would have been sent, newest first. It holds live
 * sign-in links, so it answers only on this machine (loopback), and is never mounted in production.
 */
export function devMailboxRoutes(db: Db): Router {
  const router = Router();
  router.get('/dev/mailbox', async (req, res, next) => {
    if (!isLoopback(req.socket.remoteAddress)) return next();
    const messages = await db('dev_mailbox')
      .select('id', 'to_email as to', 'subject', 'text', 'created_at as createdAt')
      .orderBy('id', 'desc')
      .limit(50);
    res.render('mail/dev-mailbox', { title: res.locals.t('mail.devMailbox.title'), messages });
  });
  return router;
}
