import { devMailboxMessage, devMailboxMessages } from './queries';
import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db/knex';
import { NotFoundError } from '../kernel/errors';
import { idParams } from '../kernel/fields';
import { sendMailHtml } from '../web/mailHtml';

/** Whether a connection comes from this machine. */
export const isLoopback = (address: string | undefined) =>
  address !== undefined && (address === '::1' || /^(::ffff:)?127\./.test(address));

const mailboxQuery = z.object({ to: z.string().trim().max(200).optional().catch(undefined) });

/**
 * Development without SMTP: the mail that would have been sent, newest first, each with its
 * headers, text and HTML bodies and calendar part; filtered by recipient. It holds live sign-in
 * links, so it answers only on this machine (loopback), and is never mounted in production.
 */
export function devMailboxRoutes(db: Db): Router {
  const router = Router();
  router.use('/dev/mailbox', (req, _res, next) => next(isLoopback(req.socket.remoteAddress) ? undefined : 'router'));

  router.get('/dev/mailbox', async (req, res) => {
    const { to } = mailboxQuery.parse(req.query);
    const messages = await devMailboxMessages(db, to);
    res.render('mail/dev-mailbox', { title: res.locals.t('mail.devMailbox.title'), messages, to: to ?? '' });
  });

  async function message(params: unknown) {
    const parsed = idParams.safeParse(params);
    const found = parsed.success ? await devMailboxMessage(db, parsed.data.id) : undefined;
    if (!found) throw new NotFoundError('message');
    return found;
  }

  router.get('/dev/mailbox/:id', async (req, res) => {
    const found = await message(req.params);
    res.render('mail/dev-message', { title: found.subject, message: found });
  });

  // The HTML part as a mail program shows it: its own inline styles, nothing else runs.
  router.get('/dev/mailbox/:id/html', async (req, res) => {
    const found = await message(req.params);
    sendMailHtml(res, found.html);
  });

  return router;
}
