import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Db } from '../db/knex';
import type { InvitationConfig } from '../invitations/send';
import { type ItipAnswer, parseItipAnswer } from './itip';
import { recordCalendarAnswer } from './record';
import { type PerSender, senderLimiter } from './senderLimit';

/** A calendar answer is a few kilobytes; Outlook's with an HTML body some tens. */
export const MAX_MESSAGE_BYTES = 512 * 1024;

export interface ReplyReceiverOptions {
  db: Db;
  logger: Logger;
  /** The only address mail is taken for (REPLY_ADDRESS): Samling relays nothing. */
  replyAddress: string;
  mailConfig: InvitationConfig;
  host: string;
  /** 0: any free port (tests). */
  port: number;
  maxMessageBytes?: number;
  /** Messages per sender address in a window; more are deferred (451), so a real sender's server retries later. */
  perSender?: PerSender;
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/**
 * The SMTP endpoint that receives calendar answers (iTIP REPLY and COUNTER, RFC 5546) which the
 * domain's mail exchanger forwards to it. It takes mail for the reply address only, refuses mail
 * without a calendar answer and anything too large, defers a sender who sends too much, and
 * answers every malformed message with a refusal, never a crash.
 */
export async function startReplyReceiver(
  options: ReplyReceiverOptions,
): Promise<{ port: number; close: () => Promise<void> }> {
  const maxBytes = options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
  const withinLimit = senderLimiter(options.perSender);
  const log = options.logger;
  const server = new SMTPServer({
    name: 'samling',
    banner: 'Samling: calendar answers only',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    maxClients: 50,
    socketTimeout: 30_000,
    logger: false,
    onMailFrom(address, _session, callback) {
      const sender = address.address.toLowerCase();
      if (!sender) return callback(smtpError(550, '5.7.1 No calendar answer comes from an empty sender'));
      if (!withinLimit(sender)) {
        log.warn('calendar answers: sender over the limit, deferred');
        return callback(smtpError(451, '4.7.1 Too many messages from this sender; try again later'));
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (address.address.toLowerCase() !== options.replyAddress.toLowerCase())
        return callback(smtpError(550, '5.7.1 Relaying denied: this server takes calendar answers to Samling only'));
      callback();
    },
    onData(stream, session, callback) {
      readLimited(stream, maxBytes)
        .then(async (raw) => {
          if (stream.sizeExceeded) throw smtpError(552, '5.3.4 Message too large for a calendar answer');
          const answer = await calendarAnswerIn(raw);
          if (!answer) throw smtpError(550, '5.6.0 Not a calendar answer; write to the network leader instead');
          const senders = [answer.mail.from?.value[0]?.address, envelopeSender(session)]
            .filter((a): a is string => typeof a === 'string' && a.length > 0)
            .map((a) => a.toLowerCase());
          // Without a Message-ID, the message itself identifies it.
          const messageId = answer.mail.messageId ?? createHash('sha256').update(raw).digest('hex');
          const outcome = await recordCalendarAnswer(options.db, {
            messageId,
            senders,
            itip: answer.itip,
            mailConfig: options.mailConfig,
          });
          log.info(
            {
              outcome: outcome?.outcome ?? 'seen before',
              reason: outcome?.outcome === 'refused' ? outcome.reason : undefined,
            },
            'calendar answer received',
          );
        })
        .then(
          () => callback(),
          (error: unknown) => {
            const code = (error as { responseCode?: number }).responseCode;
            if (code) return callback(error as Error);
            // Our fault (the database is away): the sender's server keeps the message and tries again.
            log.error({ err: error }, 'calendar answer not handled');
            callback(smtpError(451, '4.3.0 Temporary failure; try again later'));
          },
        );
    },
  });
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') log.warn({ err: error }, 'calendar answers: SMTP error');
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const envelopeSender = (session: SMTPServerSession) =>
  session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;

/** The message's bytes up to the limit; the rest is read and dropped (the stream must be drained). */
function readLimited(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** The first calendar part (text/calendar, or an application/ics attachment) that holds a REPLY or COUNTER. */
export async function calendarAnswerIn(raw: Buffer): Promise<{ mail: ParsedMail; itip: ItipAnswer } | undefined> {
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true });
  } catch {
    return undefined;
  }
  const parts = mail.attachments.filter(
    (a) => /^(text\/calendar|application\/ics)$/i.test(a.contentType) || /\.ics$/i.test(a.filename ?? ''),
  );
  for (const part of parts) {
    const parsed = parseItipAnswer(part.content.toString('utf8'));
    if (parsed.ok) return { mail, itip: parsed.itip };
  }
  return undefined;
}
