import { DateTime } from 'luxon';
import { ImapFlow } from 'imapflow';
import pino from 'pino';
import { mailboxOf, pollMailboxOnce } from '../../src/calendarReplies/imap';
import { startTestApp, type TestApp } from '../support/app';
import { dovecotAvailable, startDovecot } from '../support/dovecot';
import { makeGathering, makeMember, makeNetwork } from '../support/factories';
import { replyMessage } from '../support/replies';

// The IMAP way in, against Debian's Dovecot (dovecot-imapd, installed by .ci/run).
const run = dovecotAvailable() ? describe : describe.skip;

run('calendar answers read from a mailbox over IMAP', () => {
  const REPLY_ADDRESS = 'svar@samling.test';
  let t: TestApp;
  let dovecot: Awaited<ReturnType<typeof startDovecot>>;
  let uid: string;
  let gatheringId: number;
  const options = () => ({
    db: t.db,
    logger: pino({ level: 'silent' }),
    url: dovecot.url,
    mailConfig: { BASE_URL: 'https://samling.test', REPLY_ADDRESS },
  });

  /** Delivers a message into the mailbox, as the mail exchanger would. */
  async function deliver(raw: string) {
    const { mailbox, ...connection } = mailboxOf(dovecot.url);
    const client = new ImapFlow({ ...connection, logger: false });
    await client.connect();
    await client.append(mailbox, raw);
    await client.logout();
  }

  const answerOf = async (email: string) =>
    (
      await t
        .db('invitations as i')
        .join('participants as p', 'p.id', 'i.participant_id')
        .where({ 'p.email': email, 'i.gathering_id': gatheringId })
        .first('i.answer')
    )?.answer;

  beforeAll(async () => {
    dovecot = await startDovecot();
    t = await startTestApp({ REPLY_ADDRESS });
    const network = await makeNetwork(t.db);
    const people = [];
    for (const email of ['berit@kommune.example', 'nils@kommune.example'])
      people.push(await makeMember(t.db, network, { email }));
    gatheringId = await makeGathering(t.db, {
      networkIds: [network],
      startsAt: DateTime.now().plus({ days: 30 }).toJSDate(),
      invite: people,
    });
    uid = (await t.db('gatherings').where({ id: gatheringId }).first('uid'))!.uid;
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.close();
  });

  test('unread answers are recorded once, and everything read is marked read and left in the mailbox', async () => {
    const values = { uid, attendeeName: 'X', to: REPLY_ADDRESS };
    await deliver(replyMessage('outlook-accept', { ...values, attendee: 'berit@kommune.example' }).raw);
    await deliver(replyMessage('google-decline', { ...values, attendee: 'nils@kommune.example' }).raw);
    await deliver(`From: nils@kommune.example\r\nTo: ${REPLY_ADDRESS}\r\nSubject: Hei\r\n\r\nKan vi flytte?\r\n`);
    expect(await pollMailboxOnce(options())).toBe(3);
    expect(await answerOf('berit@kommune.example')).toBe('yes');
    expect(await answerOf('nils@kommune.example')).toBe('no');
    // Nothing unread is left: a second look reads nothing and records nothing more.
    expect(await pollMailboxOnce(options())).toBe(0);
    expect(await t.db('calendar_replies').count({ n: '*' }).first()).toEqual({ n: 2 });
    const { mailbox, ...connection } = mailboxOf(dovecot.url);
    const client = new ImapFlow({ ...connection, logger: false });
    await client.connect();
    const status = await client.status(mailbox, { messages: true, unseen: true });
    await client.logout();
    expect(status).toMatchObject({ messages: 3, unseen: 0 });
  });

  test('a wrong password is an error the poller reports, not a crash', async () => {
    const wrong = dovecot.url.replace(':hemmelig-passord@', ':feil@');
    await expect(pollMailboxOnce({ ...options(), url: wrong })).rejects.toThrow();
  });
});
