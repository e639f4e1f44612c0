import { SMTPServer } from 'smtp-server';

// The fan-out's SMTP server, in a process of its own as a real relay is on a machine of its own:
// its work does not take turns with the sender's on one thread. The parent sends `{ expect: n }`,
// gets `{ ready: true }` once counting starts from zero, and `{ received: n }` once n have arrived.
let received = 0;
let expected = Number.POSITIVE_INFINITY;
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData: (stream, _s, cb) => {
    stream.resume();
    stream.on('end', () => {
      received += 1;
      cb();
      if (received >= expected) {
        process.send?.({ received });
        expected = Number.POSITIVE_INFINITY;
      }
    });
  },
});
smtp.listen(0, '127.0.0.1', () => {
  const address = smtp.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('message', (message: { expect: number }) => {
  received = 0;
  expected = message.expect;
  process.send?.({ ready: true });
});
process.on('disconnect', () => smtp.close(() => process.exit(0)));
