import { ImapFlow } from 'imapflow';
import type { Logger } from 'pino';
import type { Db } from '../db/knex';
import type { InvitationConfig } from '../invitations/send';
import { MAX_MESSAGE_BYTES, calendarAnswerIn } from './receiver';
import { recordCalendarAnswer } from './record';
import { type PerSender, senderLimiter } from './senderLimit';

/**
 * The other way in, where the mail exchanger cannot forward to Samling: polling the reply
 * address's mailbox over IMAP (IMAP_URL). Each unread message is read once: a calendar answer is
 * handled exactly as over SMTP (recordCalendarAnswer), then every message read is marked \Seen
 * and left in the mailbox, so whatever else arrives there stays for a person to read. Messages
 * over the size limit and senders over their limit are marked read and not handled.
 */
export interface MailboxOptions {
  db: Db;
  logger: Logger;
  /** imap://user:password@host:143/INBOX or imaps://…:993/INBOX (the path names the mailbox). */
  url: string;
  mailConfig: InvitationConfig;
  maxMessageBytes?: number;
  perSender?: PerSender;
}

export function mailboxOf(url: string) {
  const parsed = new URL(url);
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: Number(parsed.port || (secure ? 993 : 143)),
    secure,
    auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) },
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** One look at the mailbox; returns how many unread messages it read. */
export async function pollMailboxOnce(
  options: MailboxOptions,
  withinLimit = senderLimiter(options.perSender),
): Promise<number> {
  const { mailbox, ...connection } = mailboxOf(options.url);
  const client = new ImapFlow({ ...connection, logger: false });
  client.on('error', (error: unknown) => options.logger.warn({ err: error }, 'calendar answers: IMAP error'));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(mailbox);
    try {
      const unread = await client.fetchAll({ seen: false }, { uid: true, size: true }, { uid: true });
      for (const { uid, size } of unread) {
        // One message at a time, in the order they came: a later answer is decided after an earlier one.
        // biome-ignore lint/performance/noAwaitInLoops: each answer is decided after the one before
        await readOnce(options, client, { uid, size: size ?? 0 }, withinLimit);
      }
      return unread.length;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => undefined);
  }
}

/** Handles one message unless it is too large, then marks it read whatever it held. */
async function readOnce(
  options: MailboxOptions,
  client: ImapFlow,
  message: { uid: number; size: number },
  withinLimit: (sender: string) => boolean,
) {
  if (message.size <= (options.maxMessageBytes ?? MAX_MESSAGE_BYTES))
    await handle(options, client, message.uid, withinLimit);
  await client.messageFlagsAdd(String(message.uid), ['\\Seen'], { uid: true });
}

async function handle(options: MailboxOptions, client: ImapFlow, uid: number, withinLimit: (s: string) => boolean) {
  const message = await client.fetchOne(String(uid), { source: true }, { uid: true });
  if (message === false || !message.source) return;
  const answer = await calendarAnswerIn(message.source);
  if (!answer) return;
  const from = answer.mail.from?.value[0]?.address?.toLowerCase();
  if (!from || !withinLimit(from)) return;
  const outcome = await recordCalendarAnswer(options.db, {
    messageId: answer.mail.messageId ?? `imap:${uid}`,
    senders: [from],
    itip: answer.itip,
    mailConfig: options.mailConfig,
  });
  options.logger.info(
    { outcome: outcome?.outcome ?? 'seen before', reason: outcome?.outcome === 'refused' ? outcome.reason : undefined },
    'calendar answer read from the mailbox',
  );
}

/** Polls every `intervalSeconds` until stopped; a failed poll (the server away) is logged and tried again next time. */
export function startMailboxPolling(options: MailboxOptions & { intervalSeconds: number }): {
  stop: () => Promise<void>;
} {
  const withinLimit = senderLimiter(options.perSender);
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = pollMailboxOnce(options, withinLimit)
      .catch((error: unknown) => options.logger.warn({ err: error }, 'calendar answers: mailbox not read'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, options.intervalSeconds * 1000);
      });
  };
  tick();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
