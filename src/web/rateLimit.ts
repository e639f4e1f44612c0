import { storedRateLimitKey } from '../kernel/secretTokens';
import { LRUCache } from 'lru-cache';
import { ipKeyGenerator, rateLimit, type ClientRateLimitInfo, type Options, type Store } from 'express-rate-limit';
import type { RequestHandler } from 'express';
import type { Db } from '../db/knex';

/** An express-rate-limit store in PostgreSQL, so limits hold across app instances. */
export class PgRateLimitStore implements Store {
  private windowMs = 60_000;
  readonly prefix: string;

  constructor(
    private readonly db: Db,
    prefix: string,
  ) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    // One statement: a new or expired window starts at 1, otherwise the count goes up.
    const { rows } = await this.db.raw(
      `insert into rate_limits (key, hits, resets_at) values (?, 1, now() + (? * interval '1 millisecond'))
       on conflict (key) do update set
         hits = case when rate_limits.resets_at <= now() then 1 else rate_limits.hits + 1 end,
         resets_at = case when rate_limits.resets_at <= now() then excluded.resets_at else rate_limits.resets_at end
       returning hits, resets_at`,
      [this.key(key), this.windowMs],
    );
    const row = rows[0] as { hits: number; resets_at: Date };
    return { totalHits: row.hits, resetTime: row.resets_at };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limits')
      .where({ key: this.key(key) })
      .update({ hits: this.db.raw('greatest(hits - 1, 0)') });
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limits')
      .where({ key: this.key(key) })
      .delete();
  }

  private key(key: string): string {
    return storedRateLimitKey(this.prefix, key);
  }
}

type Req = Parameters<RequestHandler>[0];

const HOUR = 60 * 60 * 1000;

/** A limit per client address (behind the proxies the app trusts; IPv6 by its /56). */
export const byClientAddress = (req: Req) => `ip:${ipKeyGenerator(req.ip ?? '')}`;

/** A limit per signed-in person, whatever record they act on. */
export const byActor = (req: Req) => `actor:${req.actor?.id ?? 'anonymous'}`;

/**
 * The one rate limit, for every action that queues email (sign-in links, invitations, stand-ins,
 * cancellations, evaluations, resends) or takes an upload (imports, materials), stored in
 * PostgreSQL so it holds across instances. By default 30 an hour per signed-in person (else per
 * address) and per record in the path; over it, a 429 page says to wait, and nothing is done or
 * sent. `onLimited` answers instead where the page should say it in its own words (the sign-in
 * form, the evaluation form); the status is 429 unless it redirects.
 */
export function actionLimit(
  db: Db,
  name: string,
  options: {
    limit?: number;
    windowMs?: number;
    key?: (req: Req) => string;
    /** Requests not to count (their input is refused anyway, so nothing is sent). */
    skip?: (req: Req) => boolean;
    onLimited?: RequestHandler;
  } = {},
): RequestHandler {
  const onLimited: RequestHandler =
    options.onLimited ??
    ((req, res) => {
      res.render('errors/error', {
        kind: 'tooMany',
        requestId: String(req.id),
        showRequestId: false,
        lang: res.locals.lang ?? 'nb',
      });
    });
  return rateLimit({
    windowMs: options.windowMs ?? HOUR,
    limit: options.limit ?? 30,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator:
      options.key ??
      ((req) =>
        `${req.actor ? `actor:${req.actor.id}` : byClientAddress(req)}:${String(req.params.id ?? req.params.token ?? '').slice(0, 64)}`),
    skip: options.skip,
    store: new PgRateLimitStore(db, name),
    handler: (req, res, next) => {
      res.status(429);
      return onLimited(req, res, next);
    },
  });
}

/**
 * Slows someone guessing link tokens: per client address, only answers of 404 count (a forged or
 * expired token), so real use (a calendar program polling its feed) never pays a database write.
 * Over the limit, every token page answers 429 to that address until the window has passed.
 * Kept in memory per instance: with several instances a guesser gets a few times the budget.
 */
export function tokenGuessLimit(options: { limit: number; windowMs: number }): RequestHandler {
  const failures = new LRUCache<string, number>({ max: 10_000, ttl: options.windowMs });
  return (req, res, next) => {
    const client = ipKeyGenerator(req.ip ?? '');
    if ((failures.get(client) ?? 0) >= options.limit) {
      res.status(429).type('text/plain').send('For mange ugyldige lenker. Prøv igjen senere.');
      return;
    }
    res.on('finish', () => {
      if (res.statusCode === 404) failures.set(client, (failures.get(client) ?? 0) + 1, { noUpdateTTL: true });
    });
    next();
  };
}
