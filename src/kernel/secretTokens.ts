import { createHash, randomBytes } from 'node:crypto';

// Secrets sent in links (sign-in, answers, calendar feeds): random, URL-safe, stored only as a hash.

export const newSecretToken = (bytes: number) => randomBytes(bytes).toString('base64url');

export const hashSecretToken = (token: string) => createHash('sha256').update(token).digest();
