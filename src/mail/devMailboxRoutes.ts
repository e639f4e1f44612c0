import { Router } from 'express';
import type { Db } from '../db/knex';

/** Development without SMTP: the mail that would have been sent, newest first. Never mounted in production. */
export function devMailboxRoutes(db: Db): Router {
  const router = Router();
  router.get('/dev/mailbox', async (_req, res) => {
    const messages = await db('dev_mailbox')
      .select('id', 'to_email as to', 'subject', 'text', 'created_at as createdAt')
      .orderBy('id', 'desc')
      .limit(50);
    res.render('mail/dev-mailbox', { title: res.locals.t('mail.devMailbox.title'), messages });
  });
  return router;
}
