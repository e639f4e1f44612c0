import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import pino from 'pino';
import { loadConfig } from '../src/kernel/config';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { createDb } from '../src/db/knex';
import { migrateToLatest } from '../src/db/migrate';
import { planYearSend, sendInvitations } from '../src/invitations/send';
import { createMailer } from '../src/mail/mailer';
import { renderEmail } from '../src/mail/templates';
import { startWorker } from '../src/jobs/worker';
import { freePort } from './bench/data';

// `npm run bench:fanout`: invitations for a joint fagdag with 2,000 participants, delivered to a
// local SMTP server, against a bare nodemailer pool sending the same messages to the same server.
const PEOPLE = 2000;
const ROUNDS = 5;

interface QueuedRow {
  to_email: string;
  reply_to: string;
  message_id: string;
  ical_method: string;
  ical_content: string;
  template: string;
  language: 'nb' | 'nn';
  params: Record<string, unknown>;
  secret_params: Record<string, unknown>;
}

/** How long sending took, and this process's CPU time for it (the worker and the bare pool run here). */
async function timed<T extends { messages: number }>(send: () => Promise<T>) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sent = await send();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    ...sent,
    perSecond: sent.messages / seconds,
    cpuMicrosPerMessage: (cpu.user + cpu.system) / sent.messages,
  };
}

/** The fan-out: Samling's messages per second, the bare pool's, and their ratio, in alternating rounds. */
export async function measureFanout() {
  // The SMTP server runs in a process of its own (scripts/bench/smtpSink.ts), as a mail relay runs
  // on a machine of its own: in this process, its work took turns with the sender's.
  const sink = fork(path.join(__dirname, 'bench', 'smtpSink.ts'));
  const fromSink = <T>() => new Promise<T>((resolve) => sink.once('message', resolve));
  const { port: smtpPort } = await fromSink<{ port: number }>();
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  /** Counting starts from zero; the promise it gives resolves once `count` messages have arrived. */
  const countFromNow = async (count: number) => {
    const ready = fromSink<{ ready: true }>();
    sink.send({ expect: count });
    await ready;
    return { delivered: fromSink<{ received: number }>() };
  };

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-bench-'));
  const pgServer = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  pgServer.stopWithProcess();
  await pgServer.createDatabase('bench');
  const url = pgServer.url('bench');
  const db = createDb(url, 20);
  await migrateToLatest(db, url);

  // A region with five networks sharing one joint fagdag; 2,000 people, some in two networks.
  const [region] = await db('regions').insert({ name: 'Bench', korus_centre: 'KORUS' }).returning('id');
  const [sector] = await db('sectors')
    .insert({ region_id: region!.id, name: 'Bench DPS', health_trust: 'HF' })
    .returning('id');
  const [unit] = await db('units')
    .insert({ region_id: region!.id, organisation: 'Org', name: 'Unit', service_type: 'municipal' })
    .returning('id');
  const networks = await db('networks')
    .insert([1, 2, 3, 4, 5].map((n) => ({ sector_id: sector!.id, name: `Nettverk ${n}` })))
    .returning('id');
  const people = await db('participants')
    .insert(
      Array.from({ length: PEOPLE }, (_, i) => ({
        unit_id: unit!.id,
        name: `Person ${i}`,
        email: `p${i}@bench.example`,
        profession: 'nurse',
      })),
    )
    .returning('id');
  await db('memberships').insert(
    people.map((p, i) => ({
      network_id: networks[i % 5]!.id,
      participant_id: p.id,
      role: i < 5 ? 'leader' : 'participant',
    })),
  );
  // 400 people also belong to a second network: the fagdag must still reach them once.
  await db('memberships').insert(
    people
      .slice(5, 405)
      .map((p, i) => ({ network_id: networks[(i + 5 + 1) % 5]!.id, participant_id: p.id, role: 'participant' })),
  );
  // Each round is a new joint fagdag (the last one is cancelled), so each sends to all 2,000 again.
  const first = Date.now() + 60 * 24 * 3600 * 1000;
  let previous: number | undefined;
  const newFagdag = async (round: number) => {
    if (previous) await db('gatherings').where({ id: previous }).update({ status: 'cancelled' });
    const start = new Date(first + round * 24 * 3600 * 1000);
    const [g] = await db('gatherings')
      .insert({
        starts_at: start,
        ends_at: new Date(start.getTime() + 6 * 3600 * 1000),
        kind: 'fagdag',
        format: 'physical',
        status: 'planned',
        topic: 'Felles fagdag',
        venue: 'Grieghallen',
      })
      .returning('id');
    await db('gathering_networks').insert(networks.map((n) => ({ gathering_id: g!.id, network_id: n.id })));
    previous = g!.id;
    return start;
  };

  const config = loadConfig({ NODE_ENV: 'test', SMTP_URL: smtpUrl, BASE_URL: 'https://samling.example' });
  const organizer = { name: 'Leder', email: 'leder@bench.example' };
  const queueAll = (trx: typeof db, start: Date) =>
    planYearSend(trx, networks[0]!.id, start.getUTCFullYear(), new Date()).then((plans) =>
      sendInvitations(trx, plans, {
        baseUrl: config.BASE_URL,
        organizer,
        replyAddress: undefined,
        networkId: networks[0]!.id,
        regionId: region!.id,
      }),
    );

  // The baseline sends the very messages Samling sends (rendered from a dry run that is rolled
  // back, with their calendar parts) through a bare nodemailer pool: only the sending is timed.
  const dryRun = await newFagdag(0);
  const messages = await db
    .transaction(async (trx) => {
      await queueAll(trx, dryRun);
      const rows = await trx('outgoing_emails').orderBy('id');
      throw Object.assign(new Error('rollback'), { rows });
    })
    .catch((error: { rows?: QueuedRow[] }) => {
      if (!error.rows) throw error;
      return error.rows.map((row) => ({
        to: row.to_email,
        replyTo: row.reply_to,
        messageId: row.message_id,
        icalEvent: { method: row.ical_method, content: row.ical_content },
        ...renderEmail(row.template, row.language, { ...row.params, ...row.secret_params }),
      }));
    });
  const bare = nodemailer.createTransport({ url: smtpUrl, pool: true, maxConnections: 5 } as never);
  const sendBare = async () => {
    const count = await countFromNow(messages.length);
    await Promise.all(messages.map((m) => bare.sendMail({ from: config.MAIL_FROM, ...m })));
    await count.delivered;
    return { messages: messages.length };
  };

  // Samling: the leader's send enqueues in one transaction; the worker, already running as it is
  // in production (npm run worker), delivers.
  const mailer = createMailer(config, db);
  const worker = await startWorker({
    connectionString: url,
    db,
    mailer,
    logger: pino({ level: 'silent' }),
    baseUrl: config.BASE_URL,
    replyAddress: undefined,
    concurrency: 10,
    pollInterval: 100,
    cron: false,
  });
  const sendSamling = async (start: Date) => {
    const t0 = performance.now();
    let count: Awaited<ReturnType<typeof countFromNow>> | undefined;
    // Counting starts before the commit, so no message the worker sends at once goes uncounted.
    const queued = await db.transaction(async (trx) => {
      const n = await queueAll(trx, start);
      count = await countFromNow(n);
      return n;
    });
    const enqueueSeconds = (performance.now() - t0) / 1000;
    await count!.delivered;
    return { messages: queued, enqueueSeconds };
  };

  // Rounds alternate, so a slower moment of the machine falls on both; the median round counts.
  // Round 0 warms both up (the bare pool's first round ran on code not yet optimised) and is not counted.
  const rounds = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const start = await newFagdag(round + 1);
    const bareRun = await timed(sendBare);
    const samlingRun = await timed(() => sendSamling(start));
    console.log(
      `round ${round}${round === 0 ? ' (warm-up)' : ''}: bare ${Math.round(bareRun.perSecond)}/s, Samling ${Math.round(samlingRun.perSecond)}/s (enqueue ${samlingRun.enqueueSeconds.toFixed(2)} s)`,
    );
    if (round > 0) rounds.push({ bare: bareRun, samling: samlingRun, ratio: samlingRun.perSecond / bareRun.perSecond });
  }
  await worker.stop();
  bare.close();
  mailer.close();
  const median = [...rounds].sort((x, y) => x.ratio - y.ratio)[Math.floor(ROUNDS / 2)]!;

  const result = {
    recipients: median.samling.messages,
    bareMessagesPerSecond: Math.round(median.bare.perSecond),
    samlingMessagesPerSecond: Math.round(median.samling.perSecond),
    bareCpuMicrosPerMessage: Math.round(median.bare.cpuMicrosPerMessage),
    samlingCpuMicrosPerMessage: Math.round(median.samling.cpuMicrosPerMessage),
    enqueueSeconds: Number(median.samling.enqueueSeconds.toFixed(2)),
    ratio: Number(median.ratio.toFixed(2)),
    rounds: rounds.map((r) => Number(r.ratio.toFixed(2))),
  };
  console.log(
    `bare nodemailer pool: ${result.bareMessagesPerSecond} messages/s, ${result.bareCpuMicrosPerMessage} µs CPU per message`,
  );
  console.log(
    `Samling (queue + worker, with calendar part): ${result.samlingMessagesPerSecond} messages/s, ${result.samlingCpuMicrosPerMessage} µs CPU per message, for ${result.recipients} unique recipients (enqueue ${result.enqueueSeconds} s)`,
  );
  console.log(`ratio: ${result.ratio}, the median of ${result.rounds.join(' / ')} (target at least 0.9)`);

  await db.destroy();
  await pgServer.stop();
  rmSync(dataDir, { recursive: true, force: true });
  sink.disconnect();
  return result;
}

if (require.main === module)
  measureFanout()
    .then((result) => console.log(JSON.stringify(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
