import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { RequestHandler } from 'express';
import type pg from 'pg';
import type { CachedReads } from '../db/cachedReads';

declare module 'express-session' {
  interface SessionData {
    flash?: string;
  }
}

const IDLE_TIMEOUT_MS = 2 * 60 * 60 * 1000;

// Refreshing the stored expiry is a database write; on every page it was one write per request.
// Once a minute per session and instance is plenty for a two-hour idle timeout.
const TOUCH_INTERVAL_MS = 60 * 1000;

function touchAtMostEvery<S extends session.Store>(intervalMs: number, store: S): S {
  const touch = store.touch?.bind(store);
  const set = store.set.bind(store);
  if (!touch) return store;
  const lastWrite = new Map<string, number>();
  const remember = (sid: string) => {
    // Bounded: forgetting only means one extra write.
    if (lastWrite.size >= 10_000) lastWrite.clear();
    lastWrite.set(sid, Date.now());
  };
  store.set = (sid, data, callback) => {
    remember(sid);
    set(sid, data, callback);
  };
  store.touch = (sid, data, callback) => {
    if (Date.now() - (lastWrite.get(sid) ?? 0) < intervalMs) return callback?.();
    remember(sid);
    touch(sid, data, callback);
  };
  return store;
}

/**
 * Sessions read once and kept in memory (db/cachedReads.ts) instead of read from the database on
 * every request. A session whose data changes or that is deleted, on any instance, notifies the
 * others by its id (migration 20261211100000), and they forget it; this instance forgets it as
 * soon as its own write is done. A kept session is handed out as a fresh copy, since
 * express-session changes the object it is given.
 */
function keptIn<S extends session.Store>(reads: CachedReads, store: S): S {
  const get = store.get.bind(store);
  const set = store.set.bind(store);
  const destroy = store.destroy.bind(store);
  const key = (sid: string) => `session:${sid}`;
  const read = (sid: string) =>
    new Promise<string | undefined>((resolve, reject) =>
      get(sid, (error, data) => (error ? reject(error) : resolve(data ? JSON.stringify(data) : undefined))),
    );
  store.get = (sid, callback) => {
    reads
      .get(key(sid), () => read(sid))
      .then(
        (json) => callback(null, json === undefined ? null : (JSON.parse(json) as session.SessionData)),
        (error: unknown) => callback(error),
      );
  };
  store.set = (sid, data, callback) =>
    set(sid, data, (error) => {
      reads.forget(key(sid));
      callback?.(error);
    });
  store.destroy = (sid, callback) =>
    destroy(sid, (error) => {
      reads.forget(key(sid));
      callback?.(error);
    });
  return store;
}

/** In production the __Host- prefix: the browser keeps it only if it is Secure, host-only and for /. */
export const sessionCookieName = (secure: boolean) => (secure ? '__Host-samling.sid' : 'samling.sid');

/** Sessions live in PostgreSQL so any app instance can serve any request (each keeps those it reads); they expire when idle. */
export function sessionMiddleware(options: {
  pool: pg.Pool;
  reads: CachedReads;
  secret: string;
  secure: boolean;
  pruneExpired: boolean;
}): RequestHandler {
  const PgStore = connectPgSimple(session);
  return session({
    name: sessionCookieName(options.secure),
    store: touchAtMostEvery(
      TOUCH_INTERVAL_MS,
      keptIn(
        options.reads,
        new PgStore({
          pool: options.pool,
          tableName: 'sessions',
          pruneSessionInterval: options.pruneExpired ? 15 * 60 : false,
          // The idle timeout lives here, on the server: each touch moves the expiry on.
          ttl: IDLE_TIMEOUT_MS / 1000,
        }),
      ),
    ),
    secret: options.secret,
    resave: false,
    saveUninitialized: false,
    // The cookie has no expiry of its own: the browser drops it when it closes, and the server
    // ends an idle session whatever the browser keeps. A cookie with a rolling expiry was signed
    // and set again on every response, about a tenth of a signed-in page's cost.
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: options.secure, path: '/' },
  });
}

/** One-shot messages shown on the page after a redirect ("Lagret."). */
export const flashMiddleware: RequestHandler = (req, res, next) => {
  res.locals.flash = req.session.flash;
  if (req.session.flash) delete req.session.flash;
  res.locals.setFlash = (key: string) => {
    req.session.flash = key;
  };
  next();
};

/**
 * A redirect is sent only once the session is stored. express-session writes the headers before
 * its save finishes, and a browser follows a 303 as soon as it has the headers: the next page
 * could read the session as it was (a flash lost, or shown one page late).
 */
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  }) as typeof res.redirect;
  next();
};
