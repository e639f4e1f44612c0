import { enqueueEmail, enqueueEmails } from '../../src/mail/outbox';
import { startTestApp, type TestApp } from '../support/app';
import { makeKorusAdmin, makeRegion } from '../support/factories';
import { waitFor } from '../support/processes';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startTestWorker, waitForQueueDrained } from '../support/worker';

let t: TestApp;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startTestApp({ SMTP_URL: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const recipients = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) => `${tag}${i}@kommune.example`);

async function enqueueAll(emails: string[]) {
  await t.db.transaction(async (trx) => {
    for (const email of emails) {
      await enqueueEmail(
        trx,
        {
          template: 'login',
          to: { email, language: 'nb' },
          params: { name: email },
          secretParams: { link: 'http://samling.test/x' },
        },
        'samling.test',
      );
    }
  });
}

/** Once every job has run and the workers have stopped, no message can still arrive: then count them. */
async function finishSending(workers: { stop: () => Promise<void> }[]) {
  await waitForQueueDrained(t.db, 30000);
  for (const worker of workers) await worker.stop();
}

test('an email is queued with the change that caused it, or not at all', async () => {
  await expect(
    t.db.transaction(async (trx) => {
      await enqueueEmail(
        trx,
        { template: 'login', to: { email: 'rollback@kommune.example', language: 'nb' }, params: { name: 'x' } },
        'samling.test',
      );
      throw new Error('the change failed');
    }),
  ).rejects.toThrow('the change failed');
  expect(await t.db('outgoing_emails').where({ to_email: 'rollback@kommune.example' }).first()).toBeUndefined();
  const jobs = await t.db.raw(
    "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_email'",
  );
  expect(jobs.rows[0].n).toBe(0);
});

test('with SMTP refusing for a while, every message is delivered exactly once when it accepts again', async () => {
  const emails = recipients(20, 'nede');
  smtp.refusing = true;
  smtp.messages.length = 0;
  await enqueueAll(emails);
  // Two workers on the same database, as with two app instances.
  const workers = [await startTestWorker(t.url, smtp.url), await startTestWorker(t.url, smtp.url)];
  try {
    await waitFor('20 refusals', () => smtp.refusedCount >= 20);
    await waitFor(
      'every message to record its refusal',
      async () => (await t.db('outgoing_emails').whereIn('to_email', emails).whereNotNull('last_error')).length === 20,
    );
    const waiting = await t.db('outgoing_emails').whereIn('to_email', emails).select('status', 'last_error');
    expect(waiting.every((row) => row.status === 'queued' && /421|unavailable/i.test(String(row.last_error)))).toBe(
      true,
    );

    smtp.refusing = false;
    await workers[0]?.runDueNow();
    await smtp.waitForMessages(20);
    await finishSending(workers);
    const delivered = smtp.messages.map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
    expect(delivered.sort()).toEqual([...emails].sort());
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(20);
    const rows = await t.db('outgoing_emails').whereIn('to_email', emails);
    expect(rows.every((row) => row.status === 'sent' && row.sent_at && row.secret_params === null)).toBe(true);
  } finally {
    for (const worker of workers) await worker.stop();
  }
});

test('mail queued while no worker runs is sent when one starts (nothing is lost)', async () => {
  smtp.messages.length = 0;
  const emails = recipients(5, 'senere');
  await enqueueAll(emails);
  // No worker runs: the messages wait, their jobs untouched, and nothing has been sent.
  const waiting = await t
    .db('outgoing_emails as e')
    .join('graphile_worker.jobs as j', 'j.id', 'e.job_id')
    .whereIn('e.to_email', emails)
    .select('e.status', 'j.locked_at', 'j.attempts');
  expect(waiting).toEqual(emails.map(() => ({ status: 'queued', locked_at: null, attempts: 0 })));
  expect(smtp.messages).toHaveLength(0);
  const worker = await startTestWorker(t.url, smtp.url);
  try {
    await smtp.waitForMessages(5);
  } finally {
    await worker.stop();
  }
});

test('a message reaches its recipient alone, from the sender address (SMTP envelope), whole: headers, text, html and calendar part', async () => {
  smtp.messages.length = 0;
  const calendar =
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:hel@samling.test\r\nSUMMARY:Fagdag på Ærøy\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
  const id = await t.db.transaction((trx) =>
    enqueueEmail(
      trx,
      {
        template: 'login',
        to: { email: 'hel@kommune.example', language: 'nb' },
        replyTo: 'leder@dps.example',
        params: { name: 'Åse «Ærlig»' },
        secretParams: { link: 'http://samling.test/hel' },
        calendar: { method: 'request', content: calendar },
      },
      'samling.test',
    ),
  );
  const worker = await startTestWorker(t.url, smtp.url);
  try {
    const [mail] = await smtp.waitForMessages(1);
    const row = await t.db('outgoing_emails').where({ id }).first();
    expect(mail?.envelope).toEqual({ from: 'ikke-svar@samling.example', to: ['hel@kommune.example'] });
    expect(mail?.from?.value).toEqual([{ name: 'Samling', address: 'ikke-svar@samling.example' }]);
    expect(mail?.replyTo?.text).toBe('leder@dps.example');
    expect(mail?.messageId).toBe(row?.message_id);
    expect(mail?.subject).toBe(row?.subject);
    expect(mail?.text).toContain('Åse «Ærlig»');
    expect(mail?.text).toContain('http://samling.test/hel');
    expect(mail?.html).toContain('Åse «Ærlig»');
    const parts = [...(mail?.attachments ?? [])].filter((part) => part.contentType === 'text/calendar');
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((part) => part.content.toString('utf8') === calendar)).toBe(true);
  } finally {
    await worker.stop();
  }
});

test('a message that failed every attempt can be sent again from the mail log', async () => {
  const regionId = await makeRegion(t.db);
  const id = await t.db.transaction((trx) =>
    enqueueEmail(
      trx,
      {
        template: 'login',
        to: { email: 'igjen@kommune.example', language: 'nb' },
        regionId,
        params: { name: 'x' },
        secretParams: { link: 'http://samling.test/y' },
      },
      'samling.test',
    ),
  );
  // As after the last attempt: marked failed, its job gone.
  await t.db('outgoing_emails').where({ id }).update({ status: 'failed', attempts: 25, last_error: '421 down' });
  await t.db.raw(
    "delete from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'send_email')",
  );
  const admin = await t.client().signIn(await makeKorusAdmin(t.db, regionId));
  expect((await admin.get('/emails?status=failed')).text).toContain('Send på nytt');
  expect((await admin.post(`/emails/${id}/resend`, {})).status).toBe(303);
  smtp.messages.length = 0;
  const worker = await startTestWorker(t.url, smtp.url);
  try {
    const [mail] = await smtp.waitForMessages(1);
    expect(mail?.text).toContain('http://samling.test/y');
    await waitFor(
      'the message to be recorded sent',
      async () => (await t.db('outgoing_emails').where({ id }).first())!.status === 'sent',
    );
  } finally {
    await worker.stop();
  }
  const stranger = await t.client().signIn(await makeKorusAdmin(t.db, await makeRegion(t.db)));
  expect((await stranger.post(`/emails/${id}/resend`, {})).status).toBe(403);
});

test('a big send (300) while SMTP is down for a while: every message is delivered exactly once (by Message-ID) when it returns', async () => {
  const emails = recipients(300, 'stor');
  smtp.refusing = true;
  smtp.refusedCount = 0;
  smtp.messages.length = 0;
  await enqueueAll(emails);
  const workers = [await startTestWorker(t.url, smtp.url), await startTestWorker(t.url, smtp.url)];
  try {
    // Every message has been tried and refused at least once; all wait for a retry.
    await waitFor(
      'every message to record its refusal',
      async () => (await t.db('outgoing_emails').whereIn('to_email', emails).whereNotNull('last_error')).length === 300,
      30000,
    );
    expect(smtp.messages).toHaveLength(0);
    // Down for a second round of attempts too.
    await workers[0]?.runDueNow();
    await waitFor(
      'a second attempt at every message',
      async () => (await t.db('outgoing_emails').whereIn('to_email', emails).where('attempts', '>=', 2)).length === 300,
      30000,
    );
    expect(smtp.messages).toHaveLength(0);

    smtp.refusing = false;
    await workers[0]?.runDueNow();
    await smtp.waitForMessages(300, 30000);
    await waitFor(
      'every message to be recorded sent',
      async () => (await t.db('outgoing_emails').whereIn('to_email', emails).where({ status: 'sent' })).length === 300,
      30000,
    );
    await finishSending(workers);
    expect(smtp.messages).toHaveLength(300);
    const ids = smtp.messages.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(300);
    const rows = await t.db('outgoing_emails').whereIn('to_email', emails).select('message_id');
    expect(new Set(rows.map((r) => r.message_id))).toEqual(new Set(ids));
  } finally {
    for (const worker of workers) await worker.stop();
  }
  // Longer than the five waits above together, so a stalled step fails with its own message.
}, 160000);

test('a big send writes each message once, already in the job that sends it, jobs of at most 25, in the order asked', async () => {
  const regionId = await makeRegion(t.db);
  const requests = recipients(1030, 'stor').map((email, i) => ({
    template: 'login',
    to: { email, language: i % 2 ? ('nn' as const) : ('nb' as const) },
    regionId,
    params: { name: `Person «${i}»` },
    secretParams: { link: `http://samling.test/${i}` },
    calendar: i === 3 ? { method: 'request' as const, content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' } : undefined,
  }));
  // Rolled back at the end: the workers of the other tests never see these.
  await t.db
    .transaction(async (trx) => {
      const ids = await enqueueEmails(trx, requests, 'samling.test');
      const rows = await trx('outgoing_emails').whereIn('id', ids).orderBy('id');
      expect(rows.map((row) => row.to_email)).toEqual(requests.map((r) => r.to.email));
      expect(rows.map((row) => row.id)).toEqual(ids);
      expect(rows[1]).toMatchObject({
        status: 'queued',
        language: 'nn',
        params: { name: 'Person «1»' },
        secret_params: { link: 'http://samling.test/1' },
        region_id: regionId,
        ical_method: null,
        attempts: 0,
      });
      expect(rows[3]).toMatchObject({ ical_method: 'request', ical_content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n' });
      expect(rows[0]?.subject).toBeTruthy();
      expect(new Set(rows.map((row) => row.message_id)).size).toBe(1030);
      // The public view of the queue leaves payloads out.
      const jobs = await trx('graphile_worker._private_jobs').whereIn('id', [
        ...new Set(rows.map((row) => row.job_id)),
      ]);
      expect(jobs).toHaveLength(Math.ceil(1030 / 25));
      for (const job of jobs) {
        const named = (job.payload as { emailIds: number[] }).emailIds;
        expect(named.length).toBeLessThanOrEqual(25);
        expect(rows.filter((row) => row.job_id === job.id).map((row) => row.id)).toEqual(named);
      }
      throw new Error('rollback');
    })
    .catch((error: Error) => {
      if (error.message !== 'rollback') throw error;
    });
});
