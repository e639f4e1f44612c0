import { DateTime } from 'luxon';
import type { Db } from '../db/knex';
import { TIME_ZONE } from '../kernel/dates';
import { responsibleOf, type MinutesSnapshot } from '../minutes/snapshot';
import type { Network } from './seedContext';

// Published minutes for each local network's latest gathering held, with two actions still open,
// so the network page, the next agenda's follow-up and the overview have something to show.

const DISCUSSION =
  'Vi gikk gjennom to pasientforløp der overgangen fra døgnbehandling til kommunen var vanskelig. ' +
  'Tjenestene var enige om at innkalling til samarbeidsmøte må skje før utskriving.';
const NEXT_QUESTIONS = 'Hvordan involverer vi fastlegen tidligere?';

export async function insertMinutes(trx: Db, input: { networks: Network[]; today: string }): Promise<number> {
  let count = 0;
  for (const network of input.networks.filter((n) => n.kind === 'local')) {
    const gathering = (await trx('gatherings as g')
      .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
      .where({ 'gn.network_id': network.id, 'g.status': 'planned', 'g.kind': 'regular' })
      .where('g.ends_at', '<', DateTime.fromISO(input.today, { zone: TIME_ZONE }).toJSDate())
      .orderBy('g.starts_at', 'desc')
      .first('g.id', 'g.ends_at as endsAt')) as { id: number; endsAt: Date } | undefined;
    const unit = network.units[0];
    if (!gathering || !unit) continue;
    const due = DateTime.fromISO(input.today, { zone: TIME_ZONE }).plus({ weeks: 6 }).toISODate() as string;
    const actions = [
      { what: 'Lage felles rutine for innkalling før utskriving', unit, person: '', dueOn: due },
      { what: 'Invitere fastlegekontorene til neste samling', unit: undefined, person: 'Nettverksleder', dueOn: null },
    ];
    await trx('minutes').insert({ gathering_id: gathering.id, discussion: DISCUSSION, next_questions: NEXT_QUESTIONS });
    await trx('minutes_actions').insert(
      actions.map((a) => ({
        gathering_id: gathering.id,
        what: a.what,
        responsible_unit_id: a.unit?.id ?? null,
        responsible_person: a.person,
        due_on: a.dueOn,
      })),
    );
    const snapshot: MinutesSnapshot = {
      discussion: DISCUSSION,
      caseSummary: '',
      nextQuestions: NEXT_QUESTIONS,
      noteTaker: '',
      actions: actions.map((a) => ({
        what: a.what,
        responsible: responsibleOf({
          responsibleUnitName: a.unit?.def.name ?? null,
          responsibleOrganisation: a.unit?.def.organisation ?? null,
          responsiblePerson: a.person,
        }),
        dueOn: a.dueOn,
        closed: false,
      })),
    };
    await trx('minutes_versions').insert({
      gathering_id: gathering.id,
      version: 1,
      snapshot: JSON.stringify(snapshot),
      published_by: network.leaderId,
      published_at: gathering.endsAt,
    });
    count += 1;
  }
  return count;
}
