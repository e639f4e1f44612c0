import type { Knex } from 'knex';

// The suggested topics of docs/domain.md every network starts from.
const SUGGESTIONS = [
  ['Praksiseksempler fra tjenestene', 'Tjenestene viser hvordan de jobber med ROP-pasienter i praksis.'],
  ['Gode samarbeidsfora på tvers av tjenester', 'Hvilke samarbeidsfora finnes, og hvordan er de organisert?'],
  ['Gode og mindre gode pasientforløp', 'Hva gjorde forløpet godt eller mindre godt, og hva kan vi lære?'],
  ['Innholdet i ROP-forløpet', 'Hva pakkeforløpet for samtidig rus og psykisk lidelse inneholder, og hvem gjør hva.'],
  ['ROP-avklaringsmøter', 'Hvordan avklaringsmøtene gjennomføres, og hvem som deltar.'],
  ['Juridiske spørsmål om samtykke og identifiserbarhet', 'Taushetsplikt, samtykke og hvordan saker drøftes anonymt.'],
];

export async function up(knex: Knex): Promise<void> {
  await knex('topics').insert(SUGGESTIONS.map(([title, description]) => ({ title, description })));
}

export async function down(knex: Knex): Promise<void> {
  await knex('topics')
    .whereNull('region_id')
    .whereNull('network_id')
    .whereIn(
      'title',
      SUGGESTIONS.map(([title]) => title as string),
    )
    .delete();
}
