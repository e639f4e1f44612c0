// The demo data set: a realistic Bergen area under KORUS Vest Bergen. Organisations and places are
// real, street addresses plausible, people invented, and every email address is on a reserved
// `.example` domain so nothing can reach a real person. Plain data only; src/demo/seedDemo.ts turns it into rows.

export const DEMO_KORUS_ADMIN_EMAIL = 'korus.admin@korus-bergen.example';
export const DEMO_LEADER_EMAIL = 'leder.solli@helse-bergen.example';
export const DEMO_PARTICIPANT_EMAIL = 'deltaker.solli@bergen.kommune.example';

export const KORUS_CENTRE = 'KORUS Vest Bergen';

import type { DemoRegion, DemoUnit } from './demoTypes';
import { VESTLAND_NORD } from './regionVestlandNord';
import { VESTLAND_SOR } from './regionVestlandSor';

/** The demo's regions, each in its own file. */
export const DEMO_REGIONS: DemoRegion[] = [VESTLAND_SOR, VESTLAND_NORD];

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
