import type { NoteTakerTurn } from './noteTaker';
import type { Db } from '../db/knex';
import { StaleEditError, updateVersioned } from '../db/versioned';
import type { Language } from '../kernel/i18n';
import type { MinutesSnapshot } from './snapshot';

export interface Minutes {
  discussion: string;
  caseSummary: string;
  caseAnonymisedConfirmed: boolean;
  nextQuestions: string;
  noteTakerId: number | null;
  noteTakerName: string | null;
  /** 0 while never saved. */
  version: number;
}

const EMPTY: Minutes = {
  discussion: '',
  caseSummary: '',
  caseAnonymisedConfirmed: false,
  nextQuestions: '',
  noteTakerId: null,
  noteTakerName: null,
  version: 0,
};

/** A gathering's minutes as written so far (empty ones when nothing is written yet). */
export async function findMinutes(db: Db, gatheringId: number): Promise<Minutes> {
  const row = (await db('minutes as m')
    .leftJoin('participants as p', 'p.id', 'm.note_taker_participant_id')
    .where('m.gathering_id', gatheringId)
    .first(
      'm.discussion',
      'm.case_summary as caseSummary',
      'm.case_anonymised_confirmed as caseAnonymisedConfirmed',
      'm.next_questions as nextQuestions',
      'm.note_taker_participant_id as noteTakerId',
      'p.name as noteTakerName',
      'm.version',
    )) as Minutes | undefined;
  return row ?? EMPTY;
}

/** Saves the minutes' text at the version the form was read at (0: never saved), or throws StaleEditError. */
export async function saveMinutes(
  db: Db,
  gatheringId: number,
  form: {
    discussion: string;
    caseSummary: string;
    caseAnonymisedConfirmed: boolean;
    nextQuestions: string;
    version: number;
  },
): Promise<void> {
  const columns = {
    discussion: form.discussion,
    case_summary: form.caseSummary,
    case_anonymised_confirmed: form.caseSummary !== '' && form.caseAnonymisedConfirmed,
    next_questions: form.nextQuestions,
  };
  if (form.version > 0) return updateVersioned(db, 'minutes', { gathering_id: gatheringId }, form.version, columns);
  const inserted = await db('minutes')
    .insert({ gathering_id: gatheringId, ...columns })
    .onConflict('gathering_id')
    .ignore()
    .returning('gathering_id');
  if (inserted.length === 0) throw new StaleEditError('minutes', { gathering_id: gatheringId });
}

/** Chooses (or clears) the gathering's note-taker. */
export async function setNoteTaker(db: Db, gatheringId: number, participantId: number | null): Promise<void> {
  await db('minutes')
    .insert({ gathering_id: gatheringId, note_taker_participant_id: participantId })
    .onConflict('gathering_id')
    .merge({
      note_taker_participant_id: participantId,
      version: db.raw('minutes.version + 1'),
      updated_at: db.fn.now(),
    });
}

export interface StoredAction {
  id: number;
  gatheringId: number;
  what: string;
  responsibleUnitId: number | null;
  responsibleUnitName: string | null;
  responsibleOrganisation: string | null;
  responsiblePerson: string;
  dueOn: string | null;
  closedAt: Date | null;
}

const actionColumns = [
  'a.id',
  'a.gathering_id as gatheringId',
  'a.what',
  'a.responsible_unit_id as responsibleUnitId',
  'u.name as responsibleUnitName',
  'u.organisation as responsibleOrganisation',
  'a.responsible_person as responsiblePerson',
  'a.due_on as dueOn',
  'a.closed_at as closedAt',
];

/** A gathering's actions in the order they were agreed. */
/** Who took the minutes of the network's gatherings, by the gathering's Oslo date (for the rotation, src/minutes/noteTaker.ts). */
export async function noteTakerHistory(db: Db, networkId: number): Promise<NoteTakerTurn[]> {
  return db('minutes as m')
    .join('gatherings as g', 'g.id', 'm.gathering_id')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('gn.network_id', networkId)
    .whereNot('g.status', 'cancelled')
    .whereNotNull('m.note_taker_participant_id')
    .orderBy('g.starts_at', 'desc')
    .limit(500)
    .select(
      db.raw(`to_char(g.starts_at at time zone 'Europe/Oslo', 'YYYY-MM-DD') as date`),
      'm.note_taker_participant_id as participantId',
    );
}

export async function minutesActions(db: Db, gatheringId: number): Promise<StoredAction[]> {
  return (await db('minutes_actions as a')
    .leftJoin('units as u', 'u.id', 'a.responsible_unit_id')
    .where('a.gathering_id', gatheringId)
    .orderBy('a.id')
    .limit(200)
    .select(actionColumns)) as StoredAction[];
}

export async function addAction(
  db: Db,
  gatheringId: number,
  action: { what: string; responsibleUnitId: number | null; responsiblePerson: string; dueOn?: string },
): Promise<void> {
  await db('minutes_actions').insert({
    gathering_id: gatheringId,
    what: action.what,
    responsible_unit_id: action.responsibleUnitId,
    responsible_person: action.responsiblePerson,
    due_on: action.dueOn ?? null,
  });
}

/** Closes an open action; false when it is not the gathering's or already closed. */
export async function closeAction(db: Db, gatheringId: number, actionId: number, closedBy: number): Promise<boolean> {
  return (
    (await db('minutes_actions')
      .where({ id: actionId, gathering_id: gatheringId })
      .whereNull('closed_at')
      .update({ closed_at: db.fn.now(), closed_by: closedBy })) > 0
  );
}

/** Open actions of a network's gatherings whose minutes are published, oldest gathering first. */
export async function openActionsOfNetwork(
  db: Db,
  networkId: number,
  before?: Date,
): Promise<(StoredAction & { startsAt: Date; networkCount: number })[]> {
  const query = db('minutes_actions as a')
    .join('gatherings as g', 'g.id', 'a.gathering_id')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .leftJoin('units as u', 'u.id', 'a.responsible_unit_id')
    .where('gn.network_id', networkId)
    .whereNull('a.closed_at')
    .whereExists(db('minutes_versions as v').select(db.raw('1')).whereRaw('v.gathering_id = a.gathering_id'))
    .orderBy([{ column: 'g.starts_at' }, { column: 'a.id' }])
    .limit(200)
    .select([
      ...actionColumns,
      'g.starts_at as startsAt',
      // A joint fagdag's minutes are KORUS's to close.
      db.raw('(select count(*)::int from gathering_networks x where x.gathering_id = g.id) as "networkCount"'),
    ]);
  if (before) query.where('g.starts_at', '<', before);
  return (await query) as (StoredAction & { startsAt: Date; networkCount: number })[];
}

export async function minutesVersions(db: Db, gatheringId: number) {
  return (await db('minutes_versions as v')
    .leftJoin('participants as p', 'p.id', 'v.published_by')
    .where('v.gathering_id', gatheringId)
    .orderBy('v.version', 'desc')
    .limit(100)
    .select('v.version', 'v.published_at as publishedAt', 'p.name as publishedBy', 'v.snapshot')) as {
    version: number;
    publishedAt: Date;
    publishedBy: string | null;
    snapshot: MinutesSnapshot;
  }[];
}

/** Stores the next version; the unique (gathering, version) refuses a concurrent publication of the same number. */
export async function insertVersion(
  db: Db,
  gatheringId: number,
  snapshot: MinutesSnapshot,
  publishedBy: number,
): Promise<number> {
  const { max } = (await db('minutes_versions')
    .where({ gathering_id: gatheringId })
    .max({ max: 'version' })
    .first()) as {
    max: number | null;
  };
  const version = (max ?? 0) + 1;
  await db('minutes_versions').insert({
    gathering_id: gatheringId,
    version,
    snapshot: JSON.stringify(snapshot),
    published_by: publishedBy,
  });
  return version;
}

/** Everyone invited to the gathering (stand-ins too) who can still be written to. */
export async function invitedReaders(db: Db, gatheringId: number) {
  return (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where('i.gathering_id', gatheringId)
    .whereNull('p.archived_at')
    .whereNull('p.erased_at')
    .orderBy('p.id')
    .limit(5000)
    .select('i.id as invitationId', 'p.id as participantId', 'p.name', 'p.email', 'p.language')) as {
    invitationId: number;
    participantId: number;
    name: string;
    email: string;
    language: Language;
  }[];
}
