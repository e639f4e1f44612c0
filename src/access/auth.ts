import { ForbiddenError } from '../kernel/errors';
import { sessionExpired } from './session';
import type { RequestHandler } from 'express';
import { loadActor, type Actor } from './actor';
import { canListPeople, isKorusAdmin } from './policy';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';

declare module 'express-session' {
  interface SessionData {
    participantId?: number;
    /** When the person signed in (ms since the epoch): the session's absolute lifetime counts from it. */
    signedInAt?: number;
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      actor?: Actor;
    }
  }
}

/** Loads the signed-in person for every request; a person archived or erased since is signed out. */
export function actorMiddleware(db: Db, reads: CachedReads): RequestHandler {
  return async (req, res, next) => {
    const participantId = req.session.participantId;
    // Past the absolute lifetime the person signs in again, however active the session was.
    if (participantId && sessionExpired(req.session.signedInAt)) {
      delete req.session.participantId;
      delete req.session.signedInAt;
    } else if (participantId) {
      const actor = await reads.get(`actor:${participantId}`, () => loadActor(db, participantId));
      if (actor) {
        req.actor = actor;
        res.locals.actor = actor;
        res.locals.nav = {
          regions: isKorusAdmin(actor),
          overview: isKorusAdmin(actor),
          people: canListPeople(actor),
          audit: isKorusAdmin(actor),
          emails: isKorusAdmin(actor) || [...actor.networks.values()].some((n) => n.role === 'leader'),
        };
      } else {
        delete req.session.participantId;
      }
    }
    next();
  };
}

/** Everything behind this needs a signed-in person; others are sent to sign in and brought back. */
export const requireSignIn: RequestHandler = (req, res, next) => {
  if (req.actor) return next();
  if (req.method === 'GET') {
    res.redirect(303, `/login?returnTo=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  next(new ForbiddenError('sign in required'));
};

/** The signed-in person, for routes behind requireSignIn. */
export function actorOf(req: { actor?: Actor }): Actor {
  if (!req.actor) throw new ForbiddenError('no actor');
  return req.actor;
}
