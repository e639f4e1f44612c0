// The demo data set: a realistic Bergen area under KORUS Vest Bergen. Names are invented; every
// email address is on a reserved `.example` domain so nothing can reach a real person.

export const DEMO_KORUS_ADMIN_EMAIL = 'korus.admin@korus-bergen.example';
export const DEMO_LEADER_EMAIL = 'leder.solli@helse-bergen.example';
export const DEMO_PARTICIPANT_EMAIL = 'deltaker.solli@bergen.kommune.example';

type ServiceType = 'municipal' | 'mentalHealth' | 'addiction' | 'welfare' | 'userOrganisation' | 'other';

export interface DemoUnit {
  organisation: string;
  name: string;
  serviceType: ServiceType;
  address: string;
  domain: string;
  canHost?: boolean;
}

export interface DemoSector {
  name: string;
  healthTrust: string;
  municipalities: string[];
  units: DemoUnit[];
}

export interface DemoRegion {
  name: string;
  sectors: DemoSector[];
  /** User and relatives organisations: members of every local network in the region. */
  userOrganisations: DemoUnit[];
}

const bergen = 'bergen.kommune.example';
const hb = 'helse-bergen.example';

export const DEMO_REGIONS: DemoRegion[] = [
  {
    name: 'Vestland sør',
    userOrganisations: [
      { organisation: 'Mental Helse Hordaland', name: 'Likepersoner', serviceType: 'userOrganisation', address: 'Kaigaten 4, 5015 Bergen', domain: 'mentalhelse.example', canHost: false },
      { organisation: 'RIO Vest', name: 'Brukerrepresentanter', serviceType: 'userOrganisation', address: 'Strandgaten 18, 5013 Bergen', domain: 'rio.example', canHost: false },
      { organisation: 'Pårørendesenteret i Bergen', name: 'Pårørendestøtte', serviceType: 'userOrganisation', address: 'Kong Oscars gate 54, 5017 Bergen', domain: 'parorendesenteret.example' },
    ],
    sectors: [
      {
        name: 'Solli DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Bergen (Fana)', 'Bjørnafjorden', 'Austevoll', 'Samnanger'],
        units: [
          { organisation: 'Bergen kommune', name: 'Fana psykisk helse og rus', serviceType: 'municipal', address: 'Østre Nesttunvegen 2, 5221 Nesttun', domain: bergen },
          { organisation: 'Bjørnafjorden kommune', name: 'Psykisk helse og rus', serviceType: 'municipal', address: 'Oseveien 1, 5200 Os', domain: 'bjornafjorden.kommune.example' },
          { organisation: 'Austevoll kommune', name: 'Rus og psykisk helse', serviceType: 'municipal', address: 'Storebø 12, 5392 Storebø', domain: 'austevoll.kommune.example', canHost: false },
          { organisation: 'Samnanger kommune', name: 'Helse og omsorg', serviceType: 'municipal', address: 'Tysse 1, 5650 Tysse', domain: 'samnanger.kommune.example', canHost: false },
          { organisation: 'Helse Bergen', name: 'Solli DPS, allmennpoliklinikk', serviceType: 'mentalHealth', address: 'Nesttunbrekka 99, 5221 Nesttun', domain: hb },
          { organisation: 'Helse Bergen', name: 'AFR, poliklinikk Bjørnafjorden', serviceType: 'addiction', address: 'Hamnevegen 51, 5200 Os', domain: hb },
          { organisation: 'NAV Bjørnafjorden', name: 'Oppfølgingsavdelingen', serviceType: 'welfare', address: 'Torggata 5, 5200 Os', domain: 'nav.example' },
        ],
      },
      {
        name: 'Kronstad DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Bergen (Årstad)', 'Bergen (Bergenhus)'],
        units: [
          { organisation: 'Bergen kommune', name: 'ROP-teamet Årstad', serviceType: 'municipal', address: 'Kronstadveien 3, 5053 Bergen', domain: bergen },
          { organisation: 'Bergen kommune', name: 'Utekontakten', serviceType: 'municipal', address: 'Vestre Torggate 9, 5015 Bergen', domain: bergen },
          { organisation: 'Helse Bergen', name: 'Kronstad DPS, poliklinikk', serviceType: 'mentalHealth', address: 'Ibsens gate 102, 5052 Bergen', domain: hb },
          { organisation: 'Stiftelsen Bergensklinikkene', name: 'Poliklinikk Bergen sentrum', serviceType: 'addiction', address: 'Vestre Torggate 11, 5015 Bergen', domain: 'bergensklinikkene.example' },
          { organisation: 'NAV Årstad', name: 'Oppfølging', serviceType: 'welfare', address: 'Solheimsgaten 9, 5058 Bergen', domain: 'nav.example' },
        ],
      },
      {
        name: 'Bjørgvin DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Bergen (Åsane)', 'Bergen (Arna)', 'Osterøy', 'Askøy'],
        units: [
          { organisation: 'Bergen kommune', name: 'Åsane psykisk helse og rus', serviceType: 'municipal', address: 'Åsane senter 40, 5116 Ulset', domain: bergen },
          { organisation: 'Osterøy kommune', name: 'Psykisk helse og rus', serviceType: 'municipal', address: 'Lonevågen 1, 5282 Lonevåg', domain: 'osteroy.kommune.example' },
          { organisation: 'Askøy kommune', name: 'Rus- og psykisk helsetjeneste', serviceType: 'municipal', address: 'Klampavikvegen 1, 5300 Kleppestø', domain: 'askoy.kommune.example' },
          { organisation: 'Helse Bergen', name: 'Bjørgvin DPS, poliklinikk Åsane', serviceType: 'mentalHealth', address: 'Tertnesveien 57, 5113 Tertnes', domain: hb },
          { organisation: 'Helse Bergen', name: 'AFR, poliklinikk Åsane', serviceType: 'addiction', address: 'Myrdalsvegen 2, 5130 Nyborg', domain: hb },
          { organisation: 'NAV Åsane', name: 'Oppfølging', serviceType: 'welfare', address: 'Åsamyrane 2, 5116 Ulset', domain: 'nav.example' },
        ],
      },
      {
        name: 'Betanien DPS',
        healthTrust: 'Betanien (avtale med Helse Bergen)',
        municipalities: ['Bergen (Fyllingsdalen)', 'Bergen (Laksevåg)', 'Bergen (Ytrebygda)'],
        units: [
          { organisation: 'Bergen kommune', name: 'Laksevåg psykisk helse og rus', serviceType: 'municipal', address: 'Damsgårdsveien 106, 5058 Bergen', domain: bergen },
          { organisation: 'Bergen kommune', name: 'Fyllingsdalen ROP-team', serviceType: 'municipal', address: 'Folke Bernadottes vei 52, 5147 Fyllingsdalen', domain: bergen },
          { organisation: 'Betanien DPS', name: 'Poliklinikk Fyllingsdalen', serviceType: 'mentalHealth', address: 'Vestlundveien 19, 5145 Fyllingsdalen', domain: 'betanien.example' },
          { organisation: 'Betanien DPS', name: 'FACT-team Laksevåg', serviceType: 'mentalHealth', address: 'Vestlundveien 19, 5145 Fyllingsdalen', domain: 'betanien.example', canHost: false },
          { organisation: 'Helse Bergen', name: 'AFR, poliklinikk Fyllingsdalen', serviceType: 'addiction', address: 'Fyllingsdalsveien 3, 5161 Laksevåg', domain: hb },
          { organisation: 'NAV Fyllingsdalen', name: 'Oppfølging', serviceType: 'welfare', address: 'Folke Bernadottes vei 40, 5147 Fyllingsdalen', domain: 'nav.example' },
        ],
      },
    ],
  },
  {
    name: 'Vestland nord',
    userOrganisations: [
      { organisation: 'Mental Helse Nordhordland', name: 'Likepersoner', serviceType: 'userOrganisation', address: 'Knarvik senter, 5914 Isdalstø', domain: 'mentalhelse.example', canHost: false },
      { organisation: 'A-larm Vest', name: 'Brukerrepresentanter', serviceType: 'userOrganisation', address: 'Kvernhusmyrane 20, 5914 Isdalstø', domain: 'a-larm.example', canHost: false },
    ],
    sectors: [
      {
        name: 'Øyane DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Øygarden', 'Alver', 'Austrheim', 'Fedje', 'Masfjorden'],
        units: [
          { organisation: 'Alver kommune', name: 'Psykisk helse og rus', serviceType: 'municipal', address: 'Alverflaten 1, 5911 Alversund', domain: 'alver.kommune.example' },
          { organisation: 'Øygarden kommune', name: 'Rus og psykisk helse', serviceType: 'municipal', address: 'Straume terrasse 4, 5353 Straume', domain: 'oygarden.kommune.example' },
          { organisation: 'Austrheim kommune', name: 'Helse og omsorg', serviceType: 'municipal', address: 'Sætremarka 2, 5943 Austrheim', domain: 'austrheim.kommune.example', canHost: false },
          { organisation: 'Helse Bergen', name: 'Øyane DPS, poliklinikk Knarvik', serviceType: 'mentalHealth', address: 'Kvassnesvegen 23, 5914 Isdalstø', domain: hb },
          { organisation: 'Helse Bergen', name: 'AFR, poliklinikk Knarvik', serviceType: 'addiction', address: 'Kvassnesvegen 23, 5914 Isdalstø', domain: hb },
          { organisation: 'NAV Alver', name: 'Oppfølging', serviceType: 'welfare', address: 'Knarvik senter, 5914 Isdalstø', domain: 'nav.example' },
        ],
      },
      {
        name: 'Voss DPS',
        healthTrust: 'Helse Bergen',
        municipalities: ['Voss', 'Ulvik', 'Eidfjord', 'Vaksdal', 'Modalen'],
        units: [
          { organisation: 'Voss herad', name: 'Psykisk helse og rus', serviceType: 'municipal', address: 'Uttrågata 9, 5700 Voss', domain: 'voss.herad.example' },
          { organisation: 'Vaksdal kommune', name: 'Helse og omsorg', serviceType: 'municipal', address: 'Konsul Jebsens gate 16, 5722 Dalekvam', domain: 'vaksdal.kommune.example' },
          { organisation: 'Ulvik herad', name: 'Rus og psykisk helse', serviceType: 'municipal', address: 'Ulvikvegen 8, 5730 Ulvik', domain: 'ulvik.herad.example', canHost: false },
          { organisation: 'Helse Bergen', name: 'Voss DPS, poliklinikk', serviceType: 'mentalHealth', address: 'Sjukehusvegen 16, 5704 Voss', domain: hb },
          { organisation: 'NKS Bjørkeli', name: 'Behandling rus og psykisk helse', serviceType: 'addiction', address: 'Bjørkelivegen 2, 5700 Voss', domain: 'bjorkeli.example' },
          { organisation: 'NAV Voss', name: 'Oppfølging', serviceType: 'welfare', address: 'Strandavegen 6, 5700 Voss', domain: 'nav.example' },
        ],
      },
    ],
  },
];

export const KORUS_UNIT: DemoUnit = { organisation: 'KORUS Vest Bergen', name: 'Kompetansesenter rus', serviceType: 'other', address: 'Jonas Lies vei 65, 5021 Bergen', domain: 'korus-bergen.example' };

/** Extra networks beside one local network per sector. */
export const EXTRA_LOCAL_NETWORK = { sector: 'Kronstad DPS', name: 'ROP-nettverk Bergen sentrum' };
export const LEARNING_NETWORK = { sector: 'Bjørgvin DPS', name: 'Læringsnettverk ROP Vestland 2025–2027', startsOn: '2025-09-01', endsOn: '2027-06-30' };

// seed 001, "Innspill fra ROP ressursgruppe": suggested topics for gatherings.
export const TOPICS = [
  'Praksiseksempler fra tjenestene',
  'Gode samarbeidsfora på tvers av tjenester – og hvordan de er organisert',
  'Gode og mindre gode pasientforløp',
  'Innholdet i ROP-forløpet',
  'ROP-avklaringsmøter',
  'Juridiske spørsmål om samtykke og identifiserbarhet',
];

export const FIRST_NAMES = [
  'Anne', 'Kari', 'Ingrid', 'Marit', 'Silje', 'Hilde', 'Ragnhild', 'Solveig', 'Tone', 'Hege', 'Line', 'Camilla', 'Ida', 'Marte', 'Sunniva',
  'Astrid', 'Eli', 'Guro', 'Synnøve', 'Åse', 'Ole', 'Lars', 'Knut', 'Per', 'Jon', 'Eirik', 'Magnus', 'Sindre', 'Håkon', 'Øystein',
  'Bjørn', 'Arne', 'Rune', 'Geir', 'Torbjørn', 'Vegard', 'Espen', 'Anders', 'Kjetil', 'Sigurd', 'Amina', 'Fatima', 'Mohammed', 'Ali', 'Tomasz',
];

export const LAST_NAMES = [
  'Hansen', 'Johansen', 'Olsen', 'Larsen', 'Andersen', 'Nilsen', 'Pedersen', 'Kristiansen', 'Berge', 'Haugland', 'Solheim', 'Vik', 'Myklebust',
  'Brekke', 'Lie', 'Dale', 'Fosse', 'Hauge', 'Eide', 'Tveit', 'Bakke', 'Nygård', 'Sandvik', 'Hovland', 'Lunde', 'Skjold', 'Aase', 'Mjelde',
  'Helland', 'Rong', 'Instanes', 'Sæbø', 'Ali', 'Nowak', 'Hussein', 'Kleiven', 'Haug', 'Midtbø', 'Tangen', 'Ytre-Arna',
];

/** Professions by the kind of service, most common first (seed 003: the services' professions). */
export const PROFESSIONS_BY_SERVICE: Record<ServiceType, string[]> = {
  municipal: ['nurse', 'welfareNurse', 'socialWorker', 'nurse', 'occupationalTherapist', 'experienceConsultant', 'manager'],
  mentalHealth: ['psychologist', 'nurse', 'psychiatrist', 'socialWorker', 'physician', 'nurse'],
  addiction: ['physician', 'psychologist', 'nurse', 'socialWorker', 'experienceConsultant'],
  welfare: ['navAdviser', 'navAdviser', 'socialWorker'],
  userOrganisation: ['experienceConsultant', 'other'],
  other: ['manager'],
};
