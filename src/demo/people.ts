import { FIRST_NAMES, LAST_NAMES } from './demoData';

/** A small seeded random generator (mulberry32): the same seed always gives the same demo set. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

const ASCII: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a', é: 'e' };

/** "Synnøve Sæbø" at bergen.kommune.example → synnove.saebo@bergen.kommune.example, unique within `taken`. */
export function workEmail(name: string, domain: string, taken: Set<string>): string {
  const local = name
    .toLowerCase()
    .replace(/[æøåé]/g, (c) => ASCII[c] ?? c)
    .replace(/[^a-z -]/g, '')
    .trim()
    .replace(/\s+/g, '.');
  let email = `${local}@${domain}`;
  for (let n = 2; taken.has(email); n += 1) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

export function personName(random: () => number): string {
  return `${pick(random, FIRST_NAMES)} ${pick(random, LAST_NAMES)}`;
}

export function phoneNumber(random: () => number): string {
  const digits = Array.from({ length: 7 }, () => Math.floor(random() * 10)).join('');
  return `+47 9${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`;
}
