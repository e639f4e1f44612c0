import type { ServiceType } from '../units/serviceTypes';

// The shapes of the demo data set (see demoData.ts), and what its regions share.

export interface DemoUnit {
  organisation: string;
  name: string;
  serviceType: ServiceType;
  address: string;
  /** Email domain of the organisation's staff. */
  domain: string;
  canHost?: boolean;
  /** Indexes into the sector's `networks` this unit is a member of; default [0]. */
  memberOf?: number[];
  /** A member of the KORUS learning network. */
  learning?: boolean;
  /** User organisations: whom their people represent. */
  represents?: 'users' | 'relatives';
}

export interface DemoNetwork {
  name: string;
  /** When the network started, relative to this year (Solli and Betanien first, the rest that autumn, as the Bergen networks started). */
  established: { yearsBefore: number; on: string };
  /** The network changed leader at the start of last year: shows leadership history. */
  leaderHandover?: boolean;
}

export interface DemoSector {
  name: string;
  healthTrust: string;
  municipalities: string[];
  networks: DemoNetwork[];
  units: DemoUnit[];
}

export interface DemoRegion {
  name: string;
  /** Share of people who prefer nynorsk. */
  nynorskShare: number;
  /** User and relatives organisations: shared out over the region's local networks, one each. */
  userOrganisations: DemoUnit[];
  sectors: DemoSector[];
}

/** Email domains of organisations found in more than one region. */
export const DOMAINS = { bergen: 'bergen.kommune.example', helseBergen: 'helse-bergen.example', nav: 'nav.example' };

/** The first networks started four years ago: two in the spring, the rest that autumn. */
export const SINCE_4_SPRING = { yearsBefore: 4, on: '03-01' };
export const SINCE_4_AUTUMN = { yearsBefore: 4, on: '09-01' };
