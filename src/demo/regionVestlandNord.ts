import { DOMAINS, SINCE_4_AUTUMN, type DemoRegion } from './demoTypes';

const { helseBergen, nav } = DOMAINS;

/** Nordhordland and Voss: two DPS sectors, where most people prefer nynorsk. */
export const VESTLAND_NORD: DemoRegion = {
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
      networks: [{ name: 'ROP-nettverk Øyane DPS', established: SINCE_4_AUTUMN }],
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
          domain: helseBergen,
        },
        {
          organisation: 'Helse Bergen',
          name: 'Avdeling for rusmedisin (AFR), poliklinikk Knarvik',
          serviceType: 'addiction',
          address: 'Kvassnesvegen 23, 5914 Isdalstø',
          domain: helseBergen,
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
      networks: [{ name: 'ROP-nettverk Voss DPS', established: SINCE_4_AUTUMN, leaderHandover: true }],
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
          domain: helseBergen,
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
};
