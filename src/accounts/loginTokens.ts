import type { Db } from '../db/knex';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';

export const LOGIN_LINK_VALIDITY_MS = 15 * 60 * 1000;

/** A new single-use sign-in token; only its hash is stored. */
export async function issueLoginToken(
  db: Db,
  participantId: number,
  validForMs = LOGIN_LINK_VALIDITY_MS,
): Promise<string> {
  const token = newSecretToken(32);
  await db('login_tokens').insert({
    participant_id: participantId,
    token_hash: hashSecretToken(token),
    expires_at: new Date(Date.now() + validForMs),
  });
  return token;
}

/** Whether the token can still be used, without using it (a link preview must not spend it). */
export async function isLoginTokenUsable(db: Db, token: string): Promise<boolean> {
  const row = await db('login_tokens')
    .where({ token_hash: hashSecretToken(token) })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .first('id');
  return row !== undefined;
}

/** Spends the token: one statement, so two requests with the same link cannot both succeed. */
export async function consumeLoginToken(db: Db, token: string): Promise<number | undefined> {
  const [row] = await db('login_tokens')
    .where({ token_hash: hashSecretToken(token) })
    .whereNull('used_at')
    .where('expires_at', '>', db.fn.now())
    .update({ used_at: db.fn.now() })
    .returning('participant_id');
  return row?.participant_id;
}

/** Every sign-in link not yet used stops working (the person's address changed). */
export async function revokeLoginTokens(db: Db, participantId: number): Promise<void> {
  await db('login_tokens').where({ participant_id: participantId }).whereNull('used_at').delete();
}
