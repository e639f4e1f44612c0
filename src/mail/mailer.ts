import nodemailer, { type Transporter } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Config } from '../kernel/config';
import type { Db } from '../db/knex';

export interface OutgoingMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  replyTo?: string;
  icalEvent?: { method: 'request' | 'cancel'; content: string };
}

export interface Mailer {
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

/**
 * The one way mail leaves Samling. SMTP when SMTP_URL is set; in development without it,
 * messages go to the local mailbox shown on /dev/mailbox.
 */
export function createMailer(config: Config, db: Db): Mailer {
  if (!config.SMTP_URL && config.NODE_ENV === 'production') throw new Error('SMTP_URL is required in production');
  // Pooled: a big send reuses a few connections instead of one per message.
  const transport: Transporter | undefined = config.SMTP_URL
    ? nodemailer.createTransport({ url: config.SMTP_URL, pool: true, maxConnections: 5 } as never)
    : undefined;
  return {
    async send(message) {
      if (!message.to || !message.subject || !message.html || !message.text)
        throw new Error('refusing an email without recipient, subject, html or text');
      if (!transport) {
        await db('dev_mailbox').insert({
          to_email: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          reply_to: message.replyTo ?? null,
          message_id: message.messageId,
          ical_method: message.icalEvent?.method ?? null,
          ical_content: message.icalEvent?.content ?? null,
        });
        return;
      }
      // Built whole by nodemailer's own composer, then handed to the pool as it is: the pool then
      // writes it to the socket in one piece instead of one write per MIME part (9 socket writes
      // per message instead of 26, both sides of a local SMTP conversation counted). The bytes and
      // the envelope are those sendMail would make of the same fields (README, Performance).
      const composed = new MailComposer({
        from: config.MAIL_FROM,
        to: message.to,
        replyTo: message.replyTo,
        subject: message.subject,
        html: message.html,
        text: message.text,
        messageId: message.messageId,
        icalEvent: message.icalEvent,
      }).compile();
      await transport.sendMail({ envelope: composed.getEnvelope(), raw: await composed.build() });
    },
    close: () => transport?.close(),
  };
}
