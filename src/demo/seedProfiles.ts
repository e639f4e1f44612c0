import type { ServiceType } from '../units/serviceTypes';
import type { Context, Region, Unit } from './seedContext';

// Service profiles for the demo's catalogue (src/catalogue/): most units have one, a few were last
// confirmed over a year ago or never filled in, so KORUS's list of stale profiles has something in it.

const OFFERS: Record<ServiceType, { offer: string; target: string; contact: string; needs: string }[]> = {
  municipal: [
    {
      offer:
        'Oppfølging i hjemmet for personer med rus- og psykiske lidelser: praktisk hjelp, samtaler, støtte til bolig og aktivitet.\nVi koordinerer individuell plan og deltar i ansvarsgrupper.',
      target: 'Voksne over 18 år bosatt i kommunen.',
      contact: 'Søknad om tjenester via tildelingskontoret. Fagfolk kan ringe oss direkte for å drøfte en sak anonymt.',
      needs: 'Tidlig beskjed ved utskriving fra døgnopphold, og en kontaktperson i spesialisthelsetjenesten.',
    },
    {
      offer:
        'Lavterskel rus- og psykisk helsetjeneste uten henvisning: samtaler, kartlegging og oppfølging etter rusbehandlingen.',
      target: 'Alle over 16 år, også pårørende.',
      contact: 'Ta kontakt på telefon eller møt opp i åpningstiden. Ingen henvisning.',
      needs: 'Informasjon om ventetider og hvem som er kontaktperson i DPS og TSB.',
    },
  ],
  mentalHealth: [
    {
      offer:
        'Poliklinisk utredning og behandling av psykiske lidelser, også ved samtidig rusproblematikk. ROP-team og FACT-samarbeid.',
      target: 'Voksne med moderate til alvorlige psykiske lidelser.',
      contact: 'Henvisning fra fastlege eller annen lege. Kommunale fagfolk kan ringe for drøfting.',
      needs: 'Opplysninger om rusbruk og boforhold i henvisningen, og hvem som følger opp i kommunen.',
    },
  ],
  addiction: [
    {
      offer:
        'Tverrfaglig spesialisert rusbehandling: poliklinisk rusbehandling, avrusning og døgnbehandling. Pakkeforløp for rusbehandling.',
      target: 'Personer over 18 år med rusmiddelproblemer, også med samtidige psykiske lidelser.',
      contact: 'Henvisning fra lege eller NAV. Ved akutt behov: ring vakttelefonen.',
      needs: 'At kommunen er med i planleggingen før utskriving, og at bolig er avklart.',
    },
  ],
  welfare: [
    {
      offer: 'Arbeidsrettet oppfølging, økonomisk rådgivning og bistand med bolig for personer med ROP-lidelser.',
      target: 'Brukere av NAV-kontoret med behov for tett oppfølging.',
      contact: 'Fagfolk kan kontakte veileder direkte via kontorets felles telefon.',
      needs: 'Samtykke og kontaktinformasjon til behandler, slik at vi kan samarbeide tidlig.',
    },
  ],
  userOrganisation: [
    {
      offer: 'Likepersonsarbeid, samtalegrupper og råd til brukere og pårørende. Vi stiller med brukerrepresentanter.',
      target: 'Brukere og pårørende.',
      contact: 'Ring eller send e-post; vi svarer innen to virkedager.',
      needs: 'Invitasjon til nettverkssamlinger og informasjon om tjenestene brukerne møter.',
    },
  ],
  other: [
    {
      offer: 'Kompetanseheving og veiledning for kommuner og spesialisthelsetjeneste om rus og psykisk helse.',
      target: 'Fagfolk i regionen.',
      contact: 'Send en e-post med hva dere trenger.',
      needs: 'Innspill til tema for fagdager.',
    },
  ],
};

const HOURS = ['Hverdager 08.00–15.30', 'Mandag–fredag 08.00–16.00', 'Hverdager 09.00–15.00, torsdag til 18.00'];

/** Profiles for the units of every demo region; some shared contact details for who's who. */
export async function insertServiceProfiles(ctx: Context, regions: Region[]): Promise<void> {
  const today = new Date(`${ctx.today}T12:00:00Z`);
  const daysAgo = (days: number) => new Date(today.getTime() - days * 24 * 3600 * 1000);
  const rows = [];
  for (const region of regions) {
    const all = region.sectors.flatMap((s) => s.def.municipalities);
    const units: { unit: Unit; municipalities: string[] }[] = [
      ...region.userOrgs.map((unit) => ({ unit, municipalities: all.slice(0, 3) })),
      ...region.sectors.flatMap((s) =>
        s.units.map((unit) => ({ unit, municipalities: s.def.municipalities.slice(0, 2) })),
      ),
    ];
    for (const [index, { unit, municipalities }] of units.entries()) {
      // Every seventh unit has not filled in its profile yet.
      if (index % 7 === 6) continue;
      const choices = OFFERS[unit.def.serviceType];
      // Chosen by position, not by the seed's random numbers, so the rest of the demo stays as it was.
      const text = choices[index % choices.length] as (typeof choices)[number];
      rows.push({
        unit_id: unit.id,
        offer: text.offer,
        target_group: text.target,
        how_to_contact: text.contact,
        contact_email: `post@${unit.def.domain}`,
        contact_phone: `55 ${String(10 + (index % 80)).padStart(2, '0')} 00 00`,
        opening_hours: HOURS[index % HOURS.length],
        needs_from_others: text.needs,
        municipalities,
        // Most confirmed this year; every fifth one over a year ago (stale).
        confirmed_at: index % 5 === 4 ? daysAgo(400 + index) : daysAgo(10 + ((index * 17) % 300)),
      });
    }
  }
  if (rows.length > 0) await ctx.trx('service_profiles').insert(rows);
  // About half of the people share their work contact details in who's who.
  const people = regions.flatMap((r) => [...r.userOrgs, ...r.sectors.flatMap((s) => s.units)]).flatMap((u) => u.people);
  const sharing = people.filter((_, i) => i % 2 === 0);
  if (sharing.length > 0) await ctx.trx('participants').whereIn('id', sharing).update({ shares_contact_details: true });
}
