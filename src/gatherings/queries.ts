import { yearRange } from '../kernel/dates';
import type { AcceptedStatus, Format, GatheringKind, GatheringStatus } from './model';
import { updateVersioned } from '../db/versioned';
import type { Db } from '../db/knex';

export interface GatheringSummary {
  id: number;
  startsAt: Date;
  endsAt: Date;
  kind: GatheringKind;
  format: Format;
  status: AcceptedStatus;
  topic: string;
  venue: string;
  hostUnitName: string | null;
  hostOrganisation: string | null;
}

/** A network's accepted (and cancelled) gatherings in a calendar year (Norwegian time), including joint ones; drafts are left out. */
/** A network's gatherings of a year (not drafts); with `since`, also those from that instant on before the year. */
export async function gatheringsInYear(
  db: Db,
  networkId: number,
  year: number,
  since?: Date,
): Promise<GatheringSummary[]> {
  const range = yearRange(year);
  const from = since && since < range.from ? since : range.from;
  const to = range.to;
  return db('gathering_networks as gn')
    .join('gatherings as g', 'g.id', 'gn.gathering_id')
    .leftJoin('units as hu', 'hu.id', 'g.host_unit_id')
    .select(
      'g.id',
      'g.starts_at as startsAt',
      'g.ends_at as endsAt',
      'g.kind',
      'g.format',
      'g.status',
      'g.topic',
      'g.venue',
      'hu.name as hostUnitName',
      'hu.organisation as hostOrganisation',
    )
    .where('gn.network_id', networkId)
    .whereNot('g.status', 'proposed')
    .where('g.starts_at', '>=', from)
    .where('g.starts_at', '<', to)
    .orderBy('g.starts_at')
    .limit(100);
}

export interface Gathering {
  id: number;
  startsAt: Date;
  endsAt: Date;
  kind: GatheringKind;
  format: Format;
  status: GatheringStatus;
  topic: string;
  topicId: number | null;
  /** What the gathering is to achieve; the evaluation asks whether it did. */
  aim: string;
  venue: string;
  meetingUrl: string;
  hostUnitId: number | null;
  hostLocked: boolean;
  presenterUnitIds: number[];
  presentersLocked: boolean;
  /** The unit that brings the case (src/planning/rotation.ts), and whether it was fixed by hand. */
  caseUnitId: number | null;
  caseLocked: boolean;
  networkIds: number[];
  version: number;
}

/** The columns every read of a whole gathering selects, its presenters and networks included. */
export const gatheringColumns = (db: Db) => [
  'g.id',
  'g.starts_at as startsAt',
  'g.ends_at as endsAt',
  'g.kind',
  'g.format',
  'g.status',
  'g.topic',
  'g.topic_id as topicId',
  'g.aim',
  'g.venue',
  'g.meeting_url as meetingUrl',
  'g.host_unit_id as hostUnitId',
  'g.host_locked as hostLocked',
  'g.case_unit_id as caseUnitId',
  'g.case_locked as caseLocked',
  'g.version',
  db.raw(
    'coalesce((select array_agg(gp.unit_id order by gp.unit_id) from gathering_presenters gp where gp.gathering_id = g.id), \'{}\') as "presenterUnitIds"',
  ),
  db.raw(
    'coalesce((select bool_or(gp.locked) from gathering_presenters gp where gp.gathering_id = g.id), false) as "presentersLocked"',
  ),
  db.raw(
    '(select array_agg(x.network_id order by x.network_id) from gathering_networks x where x.gathering_id = g.id) as "networkIds"',
  ),
];

export async function findGathering(db: Db, id: number): Promise<Gathering | undefined> {
  return db('gatherings as g').select(gatheringColumns(db)).where('g.id', id).first();
}

/**
 * Locks gatherings until the transaction ends (in id order, so two such transactions cannot
 * deadlock): a command that reads them after this and then writes them sees no change in between.
 */
export async function lockGatherings(trx: Db, ids: number[]): Promise<void> {
  await trx('gatherings').whereIn('id', ids).orderBy('id').forUpdate().select('id');
}

/** Oslo dates used in the year by the sector's other networks (sector rule: no two on one day). */

export interface NewGathering {
  startsAt: Date;
  endsAt: Date;
  kind: GatheringKind;
  format: Format;
  venue: string;
  meetingUrl: string;
  topic?: string;
  hostUnitId: number | null;
  presenterUnitIds: number[];
  caseUnitId?: number | null;
}

export async function insertGathering(
  db: Db,
  networkIds: number[],
  gathering: NewGathering,
  status: 'proposed' | 'planned',
): Promise<number> {
  const [row] = await db('gatherings')
    .insert({
      starts_at: gathering.startsAt,
      ends_at: gathering.endsAt,
      kind: gathering.kind,
      format: gathering.format,
      status,
      topic: gathering.topic ?? '',
      venue: gathering.venue,
      meeting_url: gathering.meetingUrl,
      host_unit_id: gathering.format === 'digital' ? null : gathering.hostUnitId,
      case_unit_id: gathering.caseUnitId ?? null,
    })
    .returning('id');
  const id = (row as { id: number }).id;
  await db('gathering_networks').insert(networkIds.map((networkId) => ({ gathering_id: id, network_id: networkId })));
  if (gathering.presenterUnitIds.length > 0)
    await db('gathering_presenters').insert(
      gathering.presenterUnitIds.map((unitId) => ({ gathering_id: id, unit_id: unitId })),
    );
  return id;
}

export async function updateGathering(
  db: Db,
  id: number,
  version: number,
  changes: Record<string, unknown>,
): Promise<void> {
  await updateVersioned(db, 'gatherings', id, version, changes);
}

/**
 * Sets a gathering's duties if it is still at the version they were chosen at (else
 * StaleEditError); a digital gathering has no host.
 */
export async function setDuties(
  db: Db,
  gatheringId: number,
  version: number,
  duties: {
    hostUnitId: number | null;
    hostLocked: boolean;
    presenterUnitIds: number[];
    presentersLocked: boolean;
    caseUnitId: number | null;
    caseLocked: boolean;
  },
): Promise<void> {
  await updateVersioned(db, 'gatherings', gatheringId, version, {
    host_unit_id: db.raw("case when format = 'digital' then null else ?::int end", [duties.hostUnitId]),
    // The venue is the host's address until someone writes another.
    venue: db.raw(
      "case when venue = '' and format <> 'digital' then coalesce((select address from units where id = ?::int), '') else venue end",
      [duties.hostUnitId],
    ),
    host_locked: duties.hostLocked,
    case_unit_id: duties.caseUnitId,
    case_locked: duties.caseLocked,
  });
  await db('gathering_presenters').where({ gathering_id: gatheringId }).delete();
  if (duties.presenterUnitIds.length > 0) {
    await db('gathering_presenters').insert(
      duties.presenterUnitIds.map((unitId) => ({
        gathering_id: gatheringId,
        unit_id: unitId,
        locked: duties.presentersLocked,
      })),
    );
  }
}

/** A draft of a proposed plan is simply dropped. */
export async function removeDraft(db: Db, id: number): Promise<void> {
  await db('gatherings').where({ id, status: 'proposed' }).delete();
}

/** Cancels a planned gathering; false if it was not planned (already cancelled: nothing to do again). */
export async function cancelGathering(db: Db, id: number): Promise<boolean> {
  const cancelled = await db('gatherings')
    .where({ id, status: 'planned' })
    .update({ status: 'cancelled', version: db.raw('version + 1'), updated_at: db.fn.now() });
  return cancelled > 0;
}
