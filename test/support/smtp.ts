import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the server received it: parsed, with the SMTP envelope it came in (MAIL FROM, RCPT TO). */
export type ReceivedMail = ParsedMail & { envelope: { from: string; to: string[] } };

export interface TestSmtpServer {
  url: string;
  messages: ReceivedMail[];
  /** While true, every message is refused with a temporary error (421), as a server that is down for a while. */
  refusing: boolean;
  refusedCount: number;
  /** Milliseconds to hold each message before accepting it, as a slow relay (a big send then takes a while). */
  acceptDelayMs: number;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** No client is connected and no message is being received: `messages` stays as it is until one connects. */
  idle(): boolean;
  close(): Promise<void>;
}

/** A real SMTP server on loopback that keeps every message it accepts, parsed. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  // Messages whose data is arriving or being parsed (a client cut off mid-message ends in an error).
  let receiving = 0;
  const state: TestSmtpServer = {
    url: '',
    messages: [],
    refusing: false,
    refusedCount: 0,
    acceptDelayMs: 0,
    async waitForMessages(count, timeoutMs = 15000) {
      const started = Date.now();
      while (state.messages.length < count) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`expected ${count} messages, got ${state.messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return state.messages;
    },
    idle: () => server.connections.size === 0 && receiving === 0,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      if (state.refusing) {
        stream.resume();
        stream.on('end', () => {
          state.refusedCount += 1;
          callback(Object.assign(new Error('Service temporarily unavailable'), { responseCode: 421 }));
        });
        return;
      }
      receiving += 1;
      simpleParser(stream)
        .then(async (mail) => {
          if (state.acceptDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.acceptDelayMs));
          const { mailFrom, rcptTo } = session.envelope;
          state.messages.push(
            Object.assign(mail, {
              envelope: { from: mailFrom ? mailFrom.address : '', to: rcptTo.map((rcpt) => rcpt.address) },
            }),
          );
          callback();
        })
        .catch(callback)
        .finally(() => {
          receiving -= 1;
        });
    },
  });
  // A client that dies mid-conversation (a killed worker) resets its connection: normal for a server, not a test failure.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error(error);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no SMTP port');
  state.url = `smtp://127.0.0.1:${address.port}`;
  return state;
}
