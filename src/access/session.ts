import type { Request } from 'express';

/** A signed-in session ends this long after sign-in, however active (besides the idle timeout). */
export const ABSOLUTE_SESSION_MS = 12 * 60 * 60 * 1000;

/** Whether the session's sign-in is older than the absolute lifetime. */
export const sessionExpired = (signedInAt: number | undefined, now = Date.now()) =>
  signedInAt === undefined || now - signedInAt > ABSOLUTE_SESSION_MS;

/** Starts a signed-in session under a new session id (no session fixation). */
export function signIn(req: Request, participantId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((error) => {
      if (error) return reject(error);
      req.session.participantId = participantId;
      req.session.signedInAt = Date.now();
      req.session.save((saveError) => (saveError ? reject(saveError) : resolve()));
    });
  });
}

export function signOut(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.destroy((error) => (error ? reject(error) : resolve())));
}
