import type { ServiceType } from '../units/serviceTypes';

// Invented people for the demo set: names, work emails, phone numbers and professions.

const FIRST_NAMES = [
  'Anne',
  'Kari',
  'Ingrid',
  'Marit',
  'Silje',
  'Hilde',
  'Ragnhild',
  'Solveig',
  'Tone',
  'Hege',
  'Line',
  'Camilla',
  'Ida',
  'Marte',
  'Sunniva',
  'Astrid',
  'Eli',
  'Guro',
  'Synnøve',
  'Åse',
  'Siri',
  'Randi',
  'Nina',
  'Maria',
  'Ane',
  'Ole',
  'Lars',
  'Knut',
  'Per',
  'Jon',
  'Eirik',
  'Magnus',
  'Sindre',
  'Håkon',
  'Øystein',
  'Bjørn',
  'Arne',
  'Rune',
  'Geir',
  'Torbjørn',
  'Vegard',
  'Espen',
  'Anders',
  'Kjetil',
  'Sigurd',
  'Stian',
  'Amina',
  'Fatima',
  'Mohammed',
  'Ali',
  'Tomasz',
  'Agnieszka',
  'Yonas',
  'Leila',
];

const LAST_NAMES = [
  'Hansen',
  'Johansen',
  'Olsen',
  'Larsen',
  'Andersen',
  'Nilsen',
  'Pedersen',
  'Kristiansen',
  'Berge',
  'Haugland',
  'Solheim',
  'Vik',
  'Myklebust',
  'Brekke',
  'Lie',
  'Dale',
  'Fosse',
  'Hauge',
  'Eide',
  'Tveit',
  'Bakke',
  'Nygård',
  'Sandvik',
  'Hovland',
  'Lunde',
  'Skjold',
  'Aase',
  'Mjelde',
  'Helland',
  'Rong',
  'Instanes',
  'Sæbø',
  'Hjelle',
  'Tangen',
  'Midtbø',
  'Øvrebø',
  'Kvamme',
  'Lygre',
  'Hordnes',
  'Ahmed',
  'Hussein',
  'Nowak',
  'Tesfaye',
];

/** Professions by the kind of service; repeats weight the draw (the professions of the services the networks bring together). */
export const PROFESSIONS_BY_SERVICE: Record<ServiceType, readonly string[]> = {
  municipal: [
    'nurse',
    'nurse',
    'nurse',
    'welfareNurse',
    'welfareNurse',
    'socialWorker',
    'socialWorker',
    'occupationalTherapist',
    'experienceConsultant',
    'childWelfareWorker',
    'manager',
  ],
  mentalHealth: [
    'psychologist',
    'psychologist',
    'psychologist',
    'nurse',
    'nurse',
    'psychiatrist',
    'physician',
    'socialWorker',
  ],
  addiction: [
    'psychologist',
    'psychologist',
    'physician',
    'nurse',
    'nurse',
    'socialWorker',
    'socialWorker',
    'experienceConsultant',
  ],
  welfare: ['navAdviser', 'navAdviser', 'navAdviser', 'navAdviser', 'socialWorker'],
  userOrganisation: ['other', 'other', 'experienceConsultant'],
  other: ['psychologist', 'other'],
};

/** How many people a unit has: [fewest, most]. */
export const PEOPLE_PER_UNIT: Record<ServiceType, readonly [number, number]> = {
  municipal: [4, 6],
  mentalHealth: [5, 7],
  addiction: [4, 6],
  welfare: [3, 4],
  userOrganisation: [3, 3],
  other: [2, 2],
};

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

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;

/** A whole number from `min` to `max`, both included. */
export const between = (random: () => number, [min, max]: readonly [number, number]): number =>
  min + Math.floor(random() * (max - min + 1));

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

/** A Norwegian mobile number: "+47 9xx xx xxx". */
export function phoneNumber(random: () => number): string {
  const digits = Array.from({ length: 7 }, () => Math.floor(random() * 10)).join('');
  return `+47 9${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`;
}
