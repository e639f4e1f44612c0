// The demo data set: a realistic Bergen area under KORUS Vest Bergen. Organisations and places are
// real, street addresses plausible, people invented, and every email address is on a reserved
// `.example` domain so nothing can reach a real person. Plain data only; src/demo/seedDemo.ts turns it into rows.

export const DEMO_KORUS_ADMIN_EMAIL = 'korus.admin@korus-bergen.example';
export const DEMO_LEADER_EMAIL = 'leder.solli@helse-bergen.example';
export const DEMO_PARTICIPANT_EMAIL = 'deltaker.solli@bergen.kommune.example';

export const KORUS_CENTRE = 'KORUS Vest Bergen';

import type { ServiceType } from '../units/serviceTypes';

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

const bergen = 'bergen.kommune.example';
const hb = 'helse-bergen.example';
const nav = 'nav.example';
const since4Spring = { yearsBefore: 4, on: '03-01' };
const since4Autumn = { yearsBefore: 4, on: '09-01' };

export const DEMO_REGIONS: DemoRegion[] = [
  {
    name: 'Vestland sør',
    nynorskShare: 0.15,
    userOrganisations: [
      {
        organisation: 'Mental Helse Hordaland',
        name: 'Brukerrepresentanter',
        serviceType: 'userOrganisation',
        address: 'Kaigaten 4, 5015 Bergen',
        domain: 'mentalhelse.example',
        canHost: false,
        represents: 'users',
      },
      {
        organisation: 'RIO',
        name: 'RIO Bergen',
        serviceType: 'userOrganisation',
        address: 'Strandgaten 18, 5013 Bergen',
        domain: 'rio.example',
        canHost: false,
        represents: 'users',
      },
      {
        organisation: 'Pårørendesenteret i Bergen',
        name: 'Pårørendestøtte',
        serviceType: 'userOrganisation',
        address: 'Kong Oscars gate 54, 5017 Bergen',
        domain: 'parorendesenteret.example',
        represents: 'relatives',
      },
    ],
    sectors: [
      {
        name: 'Solli DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Bergen (Fana, Ytrebygda)', 'Bjørnafjorden', 'Austevoll', 'Samnanger'],
        networks: [{ name: 'ROP-nettverk Solli DPS', established: since4Spring, leaderHandover: true }],
        units: [
          {
            organisation: 'Bergen kommune',
            name: 'Fana psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Østre Nesttunvegen 2, 5221 Nesttun',
            domain: bergen,
          },
          {
            organisation: 'Bjørnafjorden kommune',
            name: 'Psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Kuhnlevegen 2, 5200 Os',
            domain: 'bjornafjorden.kommune.example',
            learning: true,
          },
          {
            organisation: 'Austevoll kommune',
            name: 'Rus og psykisk helse',
            serviceType: 'municipal',
            address: 'Storebø 12, 5392 Storebø',
            domain: 'austevoll.kommune.example',
            canHost: false,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Solli DPS, poliklinikk',
            serviceType: 'mentalHealth',
            address: 'Nesttunbrekka 99, 5221 Nesttun',
            domain: hb,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Avdeling for rusmedisin (AFR), poliklinikk Os',
            serviceType: 'addiction',
            address: 'Hamnevegen 51, 5200 Os',
            domain: hb,
          },
          {
            organisation: 'NAV Bjørnafjorden',
            name: 'Oppfølgingsavdelingen',
            serviceType: 'welfare',
            address: 'Torggata 5, 5200 Os',
            domain: nav,
          },
        ],
      },
      {
        name: 'Kronstad DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Bergen (Årstad, Bergenhus)'],
        networks: [
          { name: 'ROP-nettverk Kronstad DPS', established: since4Autumn },
          { name: 'ROP-nettverk Bergen sentrum', established: { yearsBefore: 2, on: '01-15' } },
        ],
        units: [
          {
            organisation: 'Bergen kommune',
            name: 'ROP-teamet Årstad',
            serviceType: 'municipal',
            address: 'Inndalsveien 6, 5063 Bergen',
            domain: bergen,
          },
          {
            organisation: 'Bergen kommune',
            name: 'Bergenhus psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Rådhusgaten 10, 5014 Bergen',
            domain: bergen,
            memberOf: [1],
          },
          {
            organisation: 'Bergen kommune',
            name: 'Utekontakten i Bergen',
            serviceType: 'municipal',
            address: 'Nygårdsgaten 2, 5015 Bergen',
            domain: bergen,
            memberOf: [0, 1],
          },
          {
            organisation: 'Helse Bergen',
            name: 'Kronstad DPS, poliklinikk',
            serviceType: 'mentalHealth',
            address: 'Ibsens gate 102, 5052 Bergen',
            domain: hb,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Kronstad DPS, FACT-team Sentrum',
            serviceType: 'mentalHealth',
            address: 'Ibsens gate 102, 5052 Bergen',
            domain: hb,
            canHost: false,
            memberOf: [1],
          },
          {
            organisation: 'Stiftelsen Bergensklinikkene',
            name: 'Poliklinikk',
            serviceType: 'addiction',
            address: 'Vestre Torggate 11, 5015 Bergen',
            domain: 'bergensklinikkene.example',
            memberOf: [0, 1],
            learning: true,
          },
          {
            organisation: 'NAV Årstad',
            name: 'Oppfølging',
            serviceType: 'welfare',
            address: 'Solheimsgaten 9, 5058 Bergen',
            domain: nav,
            memberOf: [0, 1],
          },
        ],
      },
      {
        name: 'Bjørgvin DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Bergen (Åsane, Arna)', 'Osterøy', 'Askøy'],
        networks: [{ name: 'ROP-nettverk Bjørgvin DPS', established: since4Autumn, leaderHandover: true }],
        units: [
          {
            organisation: 'Bergen kommune',
            name: 'Åsane psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Åsane senter 40, 5116 Ulset',
            domain: bergen,
          },
          {
            organisation: 'Osterøy kommune',
            name: 'Psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Lonevågvegen 1, 5282 Lonevåg',
            domain: 'osteroy.kommune.example',
          },
          {
            organisation: 'Askøy kommune',
            name: 'Rus- og psykisk helsetjeneste',
            serviceType: 'municipal',
            address: 'Klampavikvegen 1, 5300 Kleppestø',
            domain: 'askoy.kommune.example',
            learning: true,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Bjørgvin DPS, poliklinikk Åsane',
            serviceType: 'mentalHealth',
            address: 'Tertnesveien 57, 5113 Tertnes',
            domain: hb,
            learning: true,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Avdeling for rusmedisin (AFR), poliklinikk Åsane',
            serviceType: 'addiction',
            address: 'Myrdalsvegen 2, 5130 Nyborg',
            domain: hb,
            learning: true,
          },
          {
            organisation: 'NAV Åsane',
            name: 'Oppfølging',
            serviceType: 'welfare',
            address: 'Åsamyrane 2, 5116 Ulset',
            domain: nav,
          },
        ],
      },
      {
        name: 'Betanien DPS',
        healthTrust: 'Haraldsplass Diakonale sykehus',
        municipalities: ['Bergen (Fyllingsdalen, Laksevåg)', 'Øygarden'],
        networks: [{ name: 'ROP-nettverk Betanien DPS', established: since4Spring }],
        units: [
          {
            organisation: 'Bergen kommune',
            name: 'Laksevåg psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Damsgårdsveien 106, 5160 Laksevåg',
            domain: bergen,
          },
          {
            organisation: 'Bergen kommune',
            name: 'ROP-teamet Fyllingsdalen',
            serviceType: 'municipal',
            address: 'Folke Bernadottes vei 52, 5147 Fyllingsdalen',
            domain: bergen,
          },
          {
            organisation: 'Øygarden kommune',
            name: 'Rus og psykisk helse',
            serviceType: 'municipal',
            address: 'Straume terrasse 4, 5353 Straume',
            domain: 'oygarden.kommune.example',
          },
          {
            organisation: 'Haraldsplass Diakonale sykehus',
            name: 'Betanien DPS, allmennpoliklinikk',
            serviceType: 'mentalHealth',
            address: 'Vestlundveien 19, 5145 Fyllingsdalen',
            domain: 'haraldsplass.example',
            learning: true,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Avdeling for rusmedisin (AFR), poliklinikk Sotra',
            serviceType: 'addiction',
            address: 'Straumsfjørvegen 3, 5353 Straume',
            domain: hb,
          },
          {
            organisation: 'NAV Fyllingsdalen',
            name: 'Oppfølging',
            serviceType: 'welfare',
            address: 'Folke Bernadottes vei 40, 5147 Fyllingsdalen',
            domain: nav,
          },
        ],
      },
    ],
  },
  {
    name: 'Vestland nord',
    nynorskShare: 0.6,
    userOrganisations: [
      {
        organisation: 'Mental Helse Hordaland',
        name: 'Nordhordland lokallag',
        serviceType: 'userOrganisation',
        address: 'Kvassnesvegen 2, 5914 Isdalstø',
        domain: 'mentalhelse.example',
        canHost: false,
        represents: 'users',
      },
      {
        organisation: 'LPP Hordaland',
        name: 'Pårørandekontakt Voss',
        serviceType: 'userOrganisation',
        address: 'Vangsgata 20, 5700 Voss',
        domain: 'lpp.example',
        canHost: false,
        represents: 'relatives',
      },
    ],
    sectors: [
      {
        name: 'Øyane DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Alver', 'Austrheim', 'Fedje', 'Masfjorden', 'Gulen'],
        networks: [{ name: 'ROP-nettverk Øyane DPS', established: since4Autumn }],
        units: [
          {
            organisation: 'Alver kommune',
            name: 'Psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Alverflaten 1, 5911 Alversund',
            domain: 'alver.kommune.example',
          },
          {
            organisation: 'Austrheim kommune',
            name: 'Helse og omsorg',
            serviceType: 'municipal',
            address: 'Sætremarka 2, 5943 Austrheim',
            domain: 'austrheim.kommune.example',
            canHost: false,
          },
          {
            organisation: 'Masfjorden kommune',
            name: 'Psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Masfjordnes 1, 5981 Masfjordnes',
            domain: 'masfjorden.kommune.example',
            canHost: false,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Øyane DPS, poliklinikk Knarvik',
            serviceType: 'mentalHealth',
            address: 'Kvassnesvegen 23, 5914 Isdalstø',
            domain: hb,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Avdeling for rusmedisin (AFR), poliklinikk Knarvik',
            serviceType: 'addiction',
            address: 'Kvassnesvegen 23, 5914 Isdalstø',
            domain: hb,
          },
          {
            organisation: 'NAV Alver',
            name: 'Oppfølging',
            serviceType: 'welfare',
            address: 'Knarvik senter, 5914 Isdalstø',
            domain: nav,
          },
        ],
      },
      {
        name: 'Voss DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Voss', 'Ulvik', 'Eidfjord', 'Vaksdal', 'Modalen'],
        networks: [{ name: 'ROP-nettverk Voss DPS', established: since4Autumn, leaderHandover: true }],
        units: [
          {
            organisation: 'Voss herad',
            name: 'Psykisk helse og rus',
            serviceType: 'municipal',
            address: 'Uttrågata 9, 5700 Voss',
            domain: 'voss.herad.example',
          },
          {
            organisation: 'Vaksdal kommune',
            name: 'Helse og omsorg',
            serviceType: 'municipal',
            address: 'Konsul Jebsens gate 16, 5722 Dalekvam',
            domain: 'vaksdal.kommune.example',
          },
          {
            organisation: 'Ulvik herad',
            name: 'Rus og psykisk helse',
            serviceType: 'municipal',
            address: 'Ulvikvegen 8, 5730 Ulvik',
            domain: 'ulvik.herad.example',
            canHost: false,
          },
          {
            organisation: 'Helse Bergen',
            name: 'Voss DPS, poliklinikk',
            serviceType: 'mentalHealth',
            address: 'Sjukehusvegen 16, 5704 Voss',
            domain: hb,
          },
          {
            organisation: 'NKS Bjørkeli',
            name: 'Poliklinikk',
            serviceType: 'addiction',
            address: 'Bjørkelivegen 2, 5700 Voss',
            domain: 'bjorkeli.example',
          },
          {
            organisation: 'NAV Voss',
            name: 'Oppfølging',
            serviceType: 'welfare',
            address: 'Strandavegen 6, 5700 Voss',
            domain: nav,
          },
        ],
      },
    ],
  },
];

/** KORUS staff: the KORUS admin, and the people who run the learning network. */
export const KORUS_UNIT: DemoUnit = {
  organisation: KORUS_CENTRE,
  name: 'Kompetansesenter rus',
  serviceType: 'other',
  address: 'Vestre Torggate 11, 5015 Bergen',
  domain: 'korus-bergen.example',
  learning: true,
};
export const KORUS_REGION = 'Vestland sør';

// KORUS runs learning networks: a fixed group meeting four times a year for two years. The demo's
// started last September and runs until the summer after next, so last year's figures show a
// network that started in the autumn whatever year it is now.
export const LEARNING_NETWORK = {
  region: 'Vestland sør',
  sector: 'Bjørgvin DPS',
  period: (thisYear: number) => ({ startsOn: `${thisYear - 1}-09-01`, endsOn: `${thisYear + 1}-06-30` }),
  name: (thisYear: number) => `Læringsnettverk ROP Vestland ${thisYear - 1}–${thisYear + 1}`,
  description:
    'KORUS Vest Bergens læringsnettverk: en fast gruppe fagfolk fra kommune, psykisk helsevern og TSB som møtes fire ganger i året i to år.',
};

// The suggested topics of docs/domain.md: the topic bank's suggestions (same titles, so gatherings link to them).
export const TOPICS = [
  'Praksiseksempler fra tjenestene',
  'Gode samarbeidsfora på tvers av tjenester',
  'Gode og mindre gode pasientforløp',
  'Innholdet i ROP-forløpet',
  'ROP-avklaringsmøter',
  'Juridiske spørsmål om samtykke og identifiserbarhet',
];
