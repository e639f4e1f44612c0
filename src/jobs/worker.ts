import { EventEmitter } from 'node:events';
import {
  Logger as WorkerLogger,
  makeWorkerUtils,
  run,
  type Runner,
  type WorkerEvents,
  type WorkerUtils,
} from 'graphile-worker';
import pg from 'pg';
import type { Logger } from 'pino';
import { accountTasks } from '../accounts/tasks';
import { catalogueCrontab, catalogueTasks } from '../catalogue/tasks';
import { calendarReplyCrontab, calendarReplyTasks } from '../calendarReplies/tasks';
import type { Db } from '../db/knex';
import { backupCrontab, backupTasks } from '../db/tasks';
import { invitationCrontab, invitationTasks } from '../invitations/tasks';
import { mandateCrontab, mandateTasks } from '../mandates/tasks';
import { importCrontab, importTasks } from '../imports/tasks';
import type { Mailer } from '../mail/mailer';
import { mailTasks } from '../mail/tasks';
import { registrationCrontab, registrationTasks } from '../registration/tasks';

/** Jobs one worker process runs at once. */
export const DEFAULT_CONCURRENCY = 4;

/**
 * The background worker (graphile-worker on PostgreSQL): picks jobs with SKIP LOCKED, so any
 * number of workers on one database run each job once, and retries failures with backoff (mail
 * the SMTP server refuses is retried sooner: see sendQueuedEmails).
 */
export async function startWorker(options: {
  connectionString: string;
  db: Db;
  mailer: Mailer;
  logger: Logger;
  baseUrl: string;
  /** Samling's address for calendar answers (REPLY_ADDRESS): the ORGANIZER of the updates it sends. */
  replyAddress: string | undefined;
  /** Months after a fagdag that registrations of people in no network are kept (REGISTRATION_RETENTION_MONTHS). */
  registrationRetentionMonths?: number;
  /** Run the periodic reminder job (tests drive it directly instead). */
  cron?: boolean;
  /** Back up every night into this folder (the embedded default). */
  backup?: { dir: string; keep: number };
  concurrency?: number;
  pollInterval?: number;
}): Promise<{ stop: () => Promise<void> }> {
  const { db, mailer, logger } = options;
  // Our own pool, so an idle connection the server drops (a restart) is logged, not a crash.
  // Once the worker is stopping, a connection the server ends (PostgreSQL shutting down beside
  // it, on a busy machine before the pool has closed) is expected: noted, not a warning.
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const pgPool = new pg.Pool({ connectionString: options.connectionString, max: concurrency + 2 });
  let stopping = false;
  const connectionLost = (error: Error) =>
    stopping
      ? logger.info({ err: error }, 'worker database connection closed while stopping')
      : logger.warn({ err: error }, 'worker database connection lost');
  pgPool.on('error', connectionLost);
  pgPool.on('connect', (client) => client.on('error', connectionLost));
  const workerUtils = await makeWorkerUtils({ pgPool });
  const liveness = await startLiveness(options.connectionString, workerUtils, logger);
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  // Jobs are locked by the id of the worker pool that runs them (graphile-worker 0.17 and later).
  events.on('pool:create', ({ workerPool }) => liveness.claim(workerPool.id));
  const runner: Runner = await run({
    pgPool,
    concurrency,
    pollInterval: options.pollInterval ?? 2000,
    noHandleSignals: true,
    events,
    crontab:
      options.cron === false
        ? ''
        : [
            invitationCrontab,
            importCrontab,
            catalogueCrontab,
            mandateCrontab,
            calendarReplyCrontab,
            registrationCrontab,
            options.backup ? backupCrontab : '',
          ]
            .filter(Boolean)
            .join('\n'),
    // The queue's own messages go to our JSON log; a failed attempt is a warning, retried.
    logger: new WorkerLogger((scope) => (level, message, meta) => {
      const log = level === 'error' ? 'warn' : level === 'warning' ? 'warn' : level === 'debug' ? 'debug' : 'info';
      logger[log]({ ...scope, ...meta }, message);
    }),
    // Each feature owns its jobs; this is the one list of them.
    taskList: {
      ...mailTasks(db, mailer),
      ...accountTasks(db, options.baseUrl),
      ...invitationTasks(db, { BASE_URL: options.baseUrl, REPLY_ADDRESS: options.replyAddress }),
      ...(options.backup ? backupTasks(db, options.backup) : {}),
      ...importTasks(db),
      ...mandateTasks(db, options.baseUrl),
      ...catalogueTasks(db, options.baseUrl),
      ...calendarReplyTasks(db),
      ...registrationTasks(db, options.registrationRetentionMonths ?? 6),
    },
  });
  return {
    stop: async () => {
      stopping = true;
      await runner.stop();
      await liveness.stop();
      await workerUtils.release();
      await pgPool.end();
    },
  };
}

// Advisory locks (class, hashtext(worker id)) held by a live worker process on a connection of its own.
const LIVENESS_LOCK_CLASS = 73_614_053;
// A job locked for less than this long is never taken from its worker: it covers the moment
// between a worker locking its first job and its liveness lock being taken.
const DEAD_WORKER_GRACE_SECONDS = 10;
const SWEEP_INTERVAL_MS = 10_000;

/**
 * Jobs of a worker process that died (SIGKILL, out of memory, a machine lost) stay locked by
 * it, and graphile-worker only retries them after 4 hours. A lock's owner (a worker pool id)
 * carries no process of its own to check, so every worker process holds a session-level advisory
 * lock per pool id on a dedicated connection: PostgreSQL drops those locks the moment the
 * process's connection closes. On start-up and every few seconds each process reads the locked
 * jobs from graphile-worker's public `jobs` view and unlocks, with its `forceUnlockWorkers`, those
 * whose owner holds no such lock, so another worker runs them at once. Live pools are never
 * touched, however many there are and however long their jobs run. Should the liveness
 * connection itself be cut (a database restart), it reconnects and takes its locks again; until
 * then another process may run one of its jobs again, which the mail task tolerates (sent
 * messages are skipped).
 */
async function startLiveness(
  connectionString: string,
  workerUtils: WorkerUtils,
  logger: Logger,
): Promise<{ claim: (lockOwner: string) => void; stop: () => Promise<void> }> {
  const lockOwners = new Set<string>();
  let client: pg.Client | undefined;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T | undefined> => {
    const next = chain.then(work).catch((error: unknown) => {
      logger.warn({ err: error }, 'worker liveness: database unreachable');
      return undefined;
    });
    chain = next;
    return next;
  };
  const lock = (c: pg.Client, id: string) =>
    c.query('select pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK_CLASS, id]);
  const connect = async () => {
    const fresh = new pg.Client({ connectionString, application_name: 'samling-worker-liveness' });
    fresh.on('error', (error) => {
      logger.warn({ err: error }, 'worker liveness connection lost');
      if (client === fresh) client = undefined;
    });
    await fresh.connect();
    // biome-ignore lint/performance/noAwaitInLoops: one connection runs one query at a time; a process has one or two lock owners
    for (const id of lockOwners) await lock(fresh, id);
    client = fresh;
    return fresh;
  };
  const sweep = () =>
    serially(async () => {
      if (stopped) return;
      const live = client ?? (await connect());
      const { rows } = await live.query(
        `with dead as (
           select distinct j.locked_by as id
           from graphile_worker.jobs j
           where j.locked_by is not null and j.locked_at < now() - make_interval(secs => $2)
             and not exists (
               select 1 from pg_locks l
               where l.locktype = 'advisory' and l.granted and l.objsubid = 2
                 and l.database = (select oid from pg_database where datname = current_database())
                 and l.classid = $1::bigint::oid and l.objid = (hashtext(j.locked_by)::bigint & 4294967295)::oid)
         )
         select array(select id from dead) as ids`,
        [LIVENESS_LOCK_CLASS, DEAD_WORKER_GRACE_SECONDS],
      );
      const ids = (rows[0] as { ids: string[] }).ids;
      if (ids.length === 0) return;
      await workerUtils.forceUnlockWorkers(ids);
      logger.warn({ workerIds: ids }, 'unlocked the jobs of workers that are no longer running');
    });
  await sweep();
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  return {
    claim(lockOwner) {
      lockOwners.add(lockOwner);
      void serially(async () => {
        if (!client) await connect();
        else await lock(client, lockOwner);
      });
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
      await client?.end().catch(() => undefined);
    },
  };
}
