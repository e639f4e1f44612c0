import { createHash, randomBytes } from 'node:crypto';

// Secrets sent in links (sign-in, answers, calendar feeds) are random and URL-safe; they, and the keys
// rate limits are counted under, are stored only as a hash.

export const newSecretToken = (bytes: number) => randomBytes(bytes).toString('base64url');

export const hashSecretToken = (token: string) => createHash('sha256').update(token).digest();

/**
 * The key a limit is stored under. Keys carry request input (an address, an IP, a link's token),
 * so only a hash of them is stored: nothing typed into a form and no link's token can be read
 * back from the table, and the hash differs from the token hashes stored elsewhere, so it ties no
 * row to a person.
 */
export const storedRateLimitKey = (prefix: string, key: string) =>
  `${prefix}:${createHash('sha256').update(`samling-rate-limit\u0000${prefix}\u0000${key}`).digest('base64url')}`;
