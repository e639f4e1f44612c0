import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { schedule, templateAgenda } from '../agenda/checks';
import type { Db } from '../db/knex';
import { personName, seededRandom } from './people';
import type { Network, Unit } from './seedContext';

// What the demo networks' past gatherings left behind, so the overview and the figures tell a
// year's story: published agendas (a few late), invitations with answers, attendance with
// stand-ins and guests, and anonymous evaluations. Deterministic, with its own seeded random
// numbers (so the rest of the demo set does not change with it), and written in bulk.
//
// The story, for the last full year: most networks are green; Betanien published an agenda
// late, Voss DPS's gatherings were rated low, and the learning network (started in September)
// had only one physical gathering: yellow; Bergen sentrum never accepted its year plan: red.

/** Networks whose June agenda went out late (a week before instead of three). */
const LATE_AGENDA = new Set(['ROP-nettverk Betanien DPS']);
/** Networks whose gatherings were rated low. */
const LOW_SCORES = new Set(['ROP-nettverk Voss DPS']);
/** Networks that never accepted last year's plan in Samling. */
const NO_PLAN_LAST_YEAR = new Set(['ROP-nettverk Bergen sentrum']);

const ZONE = 'Europe/Oslo';
const DAY = 86_400_000;

interface Gathering {
  id: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
  topic: string;
  hostUnitId: number | null;
  presenterUnitId: number | null;
  caseUnitId: number | null;
  networkIds: number[];
}

export interface YearStory {
  agendas: number;
  invitations: number;
  present: number;
  guests: number;
  evaluations: number;
}

export async function insertYearStory(
  trx: Db,
  input: { networks: Network[]; units: Unit[]; today: string; thisYear: number },
): Promise<YearStory> {
  const random = seededRandom(7_2026);
  const chance = (p: number) => random() < p;
  const today = DateTime.fromISO(input.today, { zone: ZONE }).startOf('day').toJSDate();
  const networks = new Map(input.networks.map((n) => [n.id, n]));
  const unitOf = new Map(input.units.flatMap((u) => u.people.map((id) => [id, u] as const)));

  await trx('year_plans')
    .where({ year: input.thisYear - 1 })
    .whereIn(
      'network_id',
      input.networks.filter((n) => NO_PLAN_LAST_YEAR.has(n.name)).map((n) => n.id),
    )
    .delete();

  const gatherings = (
    (await trx('gatherings as g')
      .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
      .whereIn('gn.network_id', [...networks.keys()])
      .groupBy('g.id')
      .orderBy(['g.starts_at', 'g.id'])
      .select(
        'g.id',
        'g.starts_at as startsAt',
        'g.ends_at as endsAt',
        'g.status',
        'g.topic',
        'g.host_unit_id as hostUnitId',
        'g.case_unit_id as caseUnitId',
        trx.raw(
          '(select min(gp.unit_id) from gathering_presenters gp where gp.gathering_id = g.id) as "presenterUnitId"',
        ),
        trx.raw('array_agg(gn.network_id order by gn.network_id) as "networkIds"'),
      )) as Gathering[]
  ).filter((g) => g.status === 'planned');
  const memberships = await trx('memberships')
    .whereIn('network_id', [...networks.keys()])
    .select({ networkId: 'network_id', participantId: 'participant_id', startsOn: 'starts_on', endsOn: 'ends_on' });
  const unitNames = new Map(input.units.map((u) => [u.id, `${u.def.organisation} – ${u.def.name}`]));

  const agendaItems: Record<string, unknown>[] = [];
  const agendaVersions: Record<string, unknown>[] = [];
  const invitations: Record<string, unknown>[] = [];
  const attendances: Record<string, unknown>[] = [];
  const guests: Record<string, unknown>[] = [];
  const requests: Record<string, unknown>[] = [];
  const evaluations: Record<string, unknown>[] = [];
  const recorded: number[] = [];

  for (const [index, g] of gatherings.entries()) {
    const lead = networks.get(g.networkIds[0] as number) as Network;
    const names = g.networkIds.map((id) => networks.get(id)?.name ?? '');
    const oslo = DateTime.fromJSDate(g.startsAt, { zone: ZONE });
    const startTime = oslo.toFormat('HH:mm');
    const endTime = DateTime.fromJSDate(g.endsAt, { zone: ZONE }).toFormat('HH:mm');

    // The agenda: published three weeks before (a few a week before), once its due date has come.
    const late = oslo.month === 6 && names.some((n) => LATE_AGENDA.has(n));
    const publishedAt = new Date(g.startsAt.getTime() - (late ? 7 : 21) * DAY);
    const due = new Date(g.startsAt.getTime() - 14 * DAY);
    if (due <= today) {
      const items = templateAgenda({
        startTime,
        endTime,
        presenterUnitIds: g.presenterUnitId === null ? [] : [g.presenterUnitId],
        hostUnitId: g.hostUnitId,
        caseUnitId: g.caseUnitId,
      }).map((item) => ({
        ...item,
        title: ITEM_TITLES[item.kind]?.(g.topic) ?? g.topic,
        anonymisedConfirmed: item.kind === 'casePresentation',
      }));
      for (const [position, item] of items.entries()) {
        agendaItems.push({
          gathering_id: g.id,
          position: position + 1,
          kind: item.kind,
          title: item.title,
          duration_minutes: item.durationMinutes,
          responsible_unit_id: item.responsibleUnitId,
          anonymised_confirmed: item.anonymisedConfirmed,
        });
      }
      const snapshot = {
        topic: g.topic,
        startTime,
        endTime,
        items: schedule(startTime, items).map((i) => ({
          kind: i.kind,
          title: i.title,
          description: '',
          durationMinutes: i.durationMinutes,
          startTime: i.startTime,
          endTime: i.endTime,
          responsible: (i.responsibleUnitId && unitNames.get(i.responsibleUnitId)) || '–',
        })),
      };
      agendaVersions.push({
        gathering_id: g.id,
        version: 1,
        snapshot: JSON.stringify(snapshot),
        published_at: publishedAt,
        published_by: lead.leaderId,
      });
    }
    if (g.endsAt > today) continue;

    // Invited: the current members of the gathering's networks on its day, each once.
    const day = oslo.toISODate() as string;
    const invited = [
      ...new Set(
        memberships
          .filter(
            (m) => g.networkIds.includes(m.networkId) && m.startsOn <= day && (m.endsOn === null || m.endsOn >= day),
          )
          .map((m) => m.participantId),
      ),
    ].sort((a, b) => a - b);
    const invitedSet = new Set(invited);
    const present: number[] = [];
    for (const participantId of invited) {
      const roll = random();
      // The leader is always there.
      const answer =
        participantId === lead.leaderId || roll < 0.78 ? 'yes' : roll < 0.88 ? 'no' : roll < 0.94 ? 'maybe' : null;
      invitations.push({
        gathering_id: g.id,
        participant_id: participantId,
        sent_version: 1,
        answer,
        answered_at: answer ? new Date(g.startsAt.getTime() - 10 * DAY) : null,
      });
      // Most who said yes came, a few of the maybes too; a stand-in from the unit now and then for a no.
      if ((answer === 'yes' && chance(0.93)) || (answer === 'maybe' && chance(0.5)) || participantId === lead.leaderId)
        present.push(participantId);
      const unit = unitOf.get(participantId);
      if (answer === 'no' && unit && chance(0.4)) {
        const standIn = unit.people.find((id) => !invitedSet.has(id));
        if (standIn !== undefined) {
          invitedSet.add(standIn);
          invitations.push({
            gathering_id: g.id,
            participant_id: standIn,
            stands_in_for: participantId,
            sent_version: 1,
            answer: 'yes',
            answered_at: new Date(g.startsAt.getTime() - 3 * DAY),
          });
          present.push(standIn);
        }
      }
    }
    attendances.push(...present.map((participantId) => ({ gathering_id: g.id, participant_id: participantId })));
    recorded.push(g.id);
    // Now and then someone comes along without an invitation.
    if (index % 3 === 0) {
      const guest = GUEST_UNITS[index % GUEST_UNITS.length] as (typeof GUEST_UNITS)[number];
      guests.push({
        gathering_id: g.id,
        name: personName(random),
        unit_name: guest.unit,
        profession: guest.profession,
        service_type: guest.serviceType,
      });
    }

    // Everyone present was asked to evaluate; three to eight answered.
    const answered = Math.min(present.length, 3 + Math.floor(random() * 6));
    for (const [i, participantId] of present.entries()) {
      requests.push({
        gathering_id: g.id,
        participant_id: participantId,
        token_hash: createHash('sha256').update(`demo-evaluation:${g.id}:${participantId}`).digest(),
        used: i < answered,
      });
    }
    const low = names.length === 1 && names.some((n) => LOW_SCORES.has(n));
    const submittedOn = oslo.plus({ days: 1 }).toISODate();
    for (let i = 0; i < answered; i++) {
      const usefulness = low ? pickScore(random(), [1, 2, 2, 2, 3]) : pickScore(random(), [3, 4, 4, 4, 5, 5, 5]);
      evaluations.push({
        gathering_id: g.id,
        usefulness,
        topic_relevant: low ? chance(0.5) : chance(0.9),
        enough_exchange: low ? chance(0.4) : chance(0.8),
        submitted_on: submittedOn,
      });
    }
  }

  // In bulk, a few statements per table.
  const chunked = async (table: string, rows: Record<string, unknown>[]) => {
    for (let i = 0; i < rows.length; i += 1000) await trx(table).insert(rows.slice(i, i + 1000));
  };
  await chunked('agenda_items', agendaItems);
  await chunked('agenda_versions', agendaVersions);
  await chunked('invitations', invitations);
  await chunked('attendances', attendances);
  await chunked('attendance_guests', guests);
  await chunked('evaluation_requests', requests);
  await chunked('evaluations', evaluations);
  if (recorded.length > 0) {
    await trx.raw(
      `update gatherings set attendance_recorded_at = ends_at + interval '1 day', evaluation_reminder_sent_at = null where id = any(?)`,
      [recorded],
    );
  }
  return {
    agendas: agendaVersions.length,
    invitations: invitations.length,
    present: attendances.length,
    guests: guests.length,
    evaluations: evaluations.length,
  };
}

const pickScore = (roll: number, scores: number[]) => scores[Math.floor(roll * scores.length)] as number;

const ITEM_TITLES: Record<string, (topic: string) => string> = {
  welcome: () => 'Velkommen og presentasjonsrunde',
  topicTalk: (topic) => topic,
  casePresentation: () => 'Anonymisert case fra tjenestene',
  servicePresentation: () => 'Tjenesten vår: hva vi tilbyr og hvordan dere når oss',
  break: () => 'Pause',
  exchange: () => 'Erfaringsutveksling',
  evaluation: () => 'Evaluering og neste samling',
};

// A guest's profession is what the leader typed (free text), so the demo writes words, not keys.
const GUEST_UNITS = [
  { unit: 'NAV Bergenhus', profession: 'NAV-veileder', serviceType: 'welfare' },
  { unit: 'Kriminalomsorgen Vest', profession: 'Sosionom', serviceType: 'other' },
  { unit: 'Helsesykepleier, Bergen kommune', profession: 'Sykepleier', serviceType: 'municipal' },
] as const;
