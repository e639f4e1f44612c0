import { LRUCache } from 'lru-cache';

export interface PerSender {
  limit: number;
  windowMs: number;
}

/** Calendar answers a sender address may send in a window; the receiver defers (SMTP) or skips (IMAP) the rest. */
export const DEFAULT_PER_SENDER: PerSender = { limit: 30, windowMs: 60 * 60 * 1000 };

/** Counts messages per sender address in memory (one receiver process); true while the sender is within the limit. */
export function senderLimiter(perSender: PerSender = DEFAULT_PER_SENDER): (sender: string) => boolean {
  const counts = new LRUCache<string, number>({ max: 10_000, ttl: perSender.windowMs });
  return (sender) => {
    const key = sender.toLowerCase();
    const count = (counts.get(key) ?? 0) + 1;
    // Counted per window from the first message: set() keeps the entry's original age.
    counts.set(key, count, { noUpdateTTL: count > 1 });
    return count <= perSender.limit;
  };
}
