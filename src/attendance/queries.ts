import type { GatheringKind } from '../gatherings/model';
import type { Db } from '../db/knex';
import type { ServiceType } from '../units/serviceTypes';

/** One invited person on the attendance list (fixed participant or stand-in). */
export interface InvitedPerson {
  participantId: number;
  name: string;
  unitId: number;
  unitName: string;
  answer: 'yes' | 'no' | 'maybe' | null;
  standsInFor: number | null;
  standsInForName: string | null;
  /** The stand-in named for this person, if any. */
  standInName: string | null;
  present: boolean;
}

/**
 * Everyone invited to a gathering, in one query. `present` comes from the registered attendance
 * once there is one, and from the answers ('yes') before that.
 */
export async function invitedWithAttendance(db: Db, gatheringId: number, recorded: boolean): Promise<InvitedPerson[]> {
  const rows = (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .leftJoin('participants as f', 'f.id', 'i.stands_in_for')
    .leftJoin('invitations as s', function joinStandIn() {
      this.on('s.gathering_id', '=', 'i.gathering_id').andOn('s.stands_in_for', '=', 'i.participant_id');
    })
    .leftJoin('participants as sp', 'sp.id', 's.participant_id')
    .leftJoin('attendances as a', function joinAttendance() {
      this.on('a.gathering_id', '=', 'i.gathering_id').andOn('a.participant_id', '=', 'i.participant_id');
    })
    .where('i.gathering_id', gatheringId)
    .orderBy(['u.name', 'p.name', 'p.id'])
    .limit(5000)
    .select(
      'p.id as participantId',
      'p.name',
      'u.id as unitId',
      'u.name as unitName',
      'i.answer',
      'i.stands_in_for as standsInFor',
      'f.name as standsInForName',
      'sp.name as standInName',
      db.raw('(a.participant_id is not null) as "attended"'),
    )) as (Omit<InvitedPerson, 'present'> & { attended: boolean })[];
  return rows.map(({ attended, ...row }) => ({ ...row, present: recorded ? attended : row.answer === 'yes' }));
}

/**
 * Replaces the gathering's attendance with exactly `presentIds` and marks it held (the first
 * time). Returns who was present before, for the audit trail. Run in the caller's transaction.
 */
export async function replaceAttendance(
  trx: Db,
  gatheringId: number,
  presentIds: number[],
): Promise<{ before: number[]; after: number[] }> {
  const before = (
    (await trx('attendances')
      .where({ gathering_id: gatheringId })
      .orderBy('participant_id')
      .pluck('participant_id')) as number[]
  ).map(Number);
  const after = [...new Set(presentIds)].sort((a, b) => a - b);
  await trx('attendances').where({ gathering_id: gatheringId }).delete();
  if (after.length > 0)
    await trx('attendances').insert(
      after.map((participantId) => ({ gathering_id: gatheringId, participant_id: participantId })),
    );
  await trx('gatherings')
    .where({ id: gatheringId })
    .whereNull('attendance_recorded_at')
    .update({ attendance_recorded_at: trx.fn.now() });
  return { before, after };
}

/** Ids of the people invited to a gathering (only they can be marked present). */
export async function invitedIds(db: Db, gatheringId: number): Promise<Set<number>> {
  return new Set(
    ((await db('invitations').where({ gathering_id: gatheringId }).pluck('participant_id')) as number[]).map(Number),
  );
}

export interface Guest {
  id: number;
  gatheringId: number;
  name: string;
  unitName: string;
  profession: string;
  serviceType: ServiceType | null;
}

const guestColumns = [
  'id',
  'gathering_id as gatheringId',
  'name',
  'unit_name as unitName',
  'profession',
  'service_type as serviceType',
];

/** Guests of the given gatherings (people who came without an invitation), in one query. */
export async function guestsAt(db: Db, gatheringIds: number[]): Promise<Guest[]> {
  if (gatheringIds.length === 0) return [];
  return (await db('attendance_guests')
    .whereIn('gathering_id', gatheringIds)
    .orderBy(['gathering_id', 'name', 'id'])
    .limit(50_000)
    .select(guestColumns)) as Guest[];
}

export async function addGuest(
  trx: Db,
  gatheringId: number,
  guest: { name: string; unitName: string; profession: string; serviceType: ServiceType | null },
): Promise<Guest> {
  const [row] = (await trx('attendance_guests')
    .insert({
      gathering_id: gatheringId,
      name: guest.name,
      unit_name: guest.unitName,
      profession: guest.profession,
      service_type: guest.serviceType,
    })
    .returning(guestColumns)) as Guest[];
  return row as Guest;
}

/** Removes one guest of this gathering; undefined when there is no such guest. */
export async function removeGuest(trx: Db, gatheringId: number, guestId: number): Promise<Guest | undefined> {
  const [row] = (await trx('attendance_guests')
    .where({ id: guestId, gathering_id: gatheringId })
    .delete()
    .returning(guestColumns)) as Guest[];
  return row;
}

/** A person's past gatherings (last five years, newest first): whether they came, and as whose stand-in. */
export async function attendanceHistory(db: Db, participantId: number, now: Date = new Date()) {
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - 5);
  return (await db('invitations as i')
    .join('gatherings as g', 'g.id', 'i.gathering_id')
    .leftJoin('participants as f', 'f.id', 'i.stands_in_for')
    .leftJoin('attendances as a', function joinAttendance() {
      this.on('a.gathering_id', '=', 'i.gathering_id').andOn('a.participant_id', '=', 'i.participant_id');
    })
    .where('i.participant_id', participantId)
    .where('g.starts_at', '<=', now)
    .where('g.starts_at', '>=', since)
    .whereNot('g.status', 'cancelled')
    .orderBy('g.starts_at', 'desc')
    .limit(200)
    .select(
      'g.id as gatheringId',
      'g.starts_at as startsAt',
      'g.kind',
      db.raw(
        `(select string_agg(n.name, ', ' order by n.name) from gathering_networks gn join networks n on n.id = gn.network_id where gn.gathering_id = g.id) as "networkNames"`,
      ),
      db.raw('(g.attendance_recorded_at is not null) as "recorded"'),
      db.raw('(a.participant_id is not null) as "attended"'),
      'f.name as standsInForName',
    )) as {
    gatheringId: number;
    startsAt: Date;
    kind: GatheringKind;
    networkNames: string | null;
    recorded: boolean;
    attended: boolean;
    standsInForName: string | null;
  }[];
}

/** When attendance was registered, or null. */
export async function attendanceRecordedAt(db: Db, gatheringId: number): Promise<Date | null> {
  const row = await db('gatherings').where({ id: gatheringId }).first('attendance_recorded_at');
  return row?.attendance_recorded_at ?? null;
}
