import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Db } from './knex';

/** The channel the watched tables' statement triggers notify on (migration 20261125000000). */
export const CHANGES_CHANNEL = 'samling_changes';

const RECONNECT_MS = 1000;
const WRITE = /^\s*(insert|update|delete|truncate)\b/i;

export interface CachedReadsOptions {
  /** Upper bound on what the cache holds, counted in characters of the values' JSON. */
  maxChars?: number;
  /** Upper bound on the number of entries. */
  maxEntries?: number;
  /** How long an entry may live even without a change (figures depend on today's date). */
  ttlMs?: number;
}

/** Kept values are boxed: a value may be a string or a number, which the cache cannot hold bare. */
interface Box<T> {
  value: T;
}

/** A cached value is shared by every request that reads it: changing it by mistake throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of value instanceof Map ? value.values() : Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * The reads that are costly or asked for on every request (the signed-in person, the overview's
 * figures, calendar feeds, a network's and a gathering's page data) kept in memory until the data
 * behind them changes. Every write to a watched table notifies on CHANGES_CHANNEL (a statement
 * trigger); each app instance listens, and any notification empties its cache, except one that
 * names a key (a session, migration 20261211100000), which forgets that key only. This process's own
 * writes empty it at once, before the response that follows them is sent (read your own writes
 * after a redirect). While the listening connection is down nothing is cached, so another
 * instance's write is never missed; once it is back, the cache starts empty.
 */
export class CachedReads {
  private generation = 0;
  private listener?: pg.Client;
  private listening = false;
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly entries: LRUCache<string, Box<unknown>>;
  private readonly inflight = new Map<string, Promise<unknown>>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
    options: CachedReadsOptions = {},
  ) {
    this.entries = new LRUCache({
      max: options.maxEntries ?? 20_000,
      maxSize: options.maxChars ?? 10_000_000,
      ttl: options.ttlMs ?? 60_000,
    });
  }

  /** Writes through this knex instance (the app's, and the tests' factories) empty the cache once they are done. */
  watch(db: Db): this {
    db.on('query-response', (_response: unknown, query: { sql?: string }) => {
      if (query.sql && WRITE.test(query.sql)) this.changed();
    });
    return this;
  }

  /** Starts listening; until it listens (and whenever the connection is lost) nothing is cached. */
  start(): void {
    if (this.stopped || this.listener) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    this.listener = client;
    const lost = (error?: Error) => {
      if (this.listener !== client) return;
      const wasListening = this.listening;
      this.listener = undefined;
      this.listening = false;
      this.changed();
      client.end().catch(() => undefined);
      if (this.stopped) return;
      // Once per outage, not once per attempt to reconnect.
      if (wasListening)
        this.logger.warn({ err: error }, 'cache invalidation listener lost; nothing is cached until it is back');
      this.retry = setTimeout(() => this.start(), RECONNECT_MS);
    };
    client.on('notification', (message) => (message.payload ? this.forget(message.payload) : this.changed()));
    client.on('error', lost);
    client.on('end', () => lost());
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANGES_CHANNEL}`))
      .then(() => {
        if (this.listener !== client) return;
        this.changed();
        this.listening = true;
        this.logger.info('cache invalidation listener connected');
      })
      .catch(lost);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.listener;
    this.listener = undefined;
    this.listening = false;
    this.changed();
    await client?.end().catch(() => undefined);
  }

  /** Forget everything: the data may have changed. */
  changed(): void {
    this.generation += 1;
    this.entries.clear();
    this.inflight.clear();
  }

  /**
   * Forget the value under `key`. Like `changed`, it starts a new generation: a value of any key
   * still being computed is handed to those who asked but not kept (it may have read `key`'s data).
   */
  forget(key: string): void {
    this.generation += 1;
    this.entries.delete(key);
    this.inflight.delete(key);
  }

  /**
   * The value under `key`, computed once however many ask at the same time. A value computed
   * while the data changed is handed to those who asked but not kept.
   */
  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.listening) return compute();
    const hit = this.entries.get(key);
    if (hit) return hit.value as T;
    const pending = this.inflight.get(key);
    if (pending !== undefined) return pending as Promise<T>;
    const generation = this.generation;
    const promise = compute();
    this.inflight.set(key, promise);
    try {
      const value = await promise;
      // Undefined ("not there") is not kept: made-up ids and tokens cannot crowd out real entries.
      if (value !== undefined && generation === this.generation && this.listening)
        this.entries.set(key, { value: deepFreeze(value) }, { size: Math.max(1, JSON.stringify(value).length) });
      return value;
    } finally {
      if (this.inflight.get(key) === promise) this.inflight.delete(key);
    }
  }
}
