import type { Db } from '../db/knex';
import type { Answer } from './itip';
import type { RefusalReason } from './outcome';

/** The gathering a calendar event is, by its UID (stored once, never rebuilt). */
export async function gatheringByUid(db: Db, uid: string) {
  const row = await db('gatherings').where({ uid }).first('id', 'status', 'starts_at');
  return row && { id: row.id, status: row.status, startsAt: new Date(row.starts_at) };
}

/** The region a gathering's audit entries belong to: its first network's. */
export async function regionOfGathering(db: Db, gatheringId: number): Promise<number | undefined> {
  const row = (await db('gathering_networks as gn')
    .join('networks as n', 'n.id', 'gn.network_id')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('gn.gathering_id', gatheringId)
    .orderBy('gn.network_id')
    .first('s.region_id as regionId')) as { regionId: number } | undefined;
  return row?.regionId;
}

export const messageSeen = async (db: Db, messageId: string) =>
  (await db('calendar_replies').where({ message_id: messageId }).first('id')) !== undefined;

/** An answer with this SEQUENCE and DTSTAMP was handled for this invitation before (sent twice, under another Message-ID). */
export async function answerSeen(
  db: Db,
  invitationId: number,
  answer: { method: string; sequence: number; dtstamp: Date | undefined },
): Promise<boolean> {
  if (!answer.dtstamp) return false;
  const row = await db('calendar_replies')
    .where({ invitation_id: invitationId, method: answer.method, sequence: answer.sequence, dtstamp: answer.dtstamp })
    .first('id');
  return row !== undefined;
}

export interface CalendarReplyRow {
  messageId: string;
  gatheringId: number | undefined;
  invitationId: number | undefined;
  method: 'REPLY' | 'COUNTER';
  attendeeEmail: string;
  senderEmail: string;
  client: string;
  sequence: number;
  dtstamp: Date | undefined;
  answer: Answer | undefined;
  proposed: { startsAt: Date; endsAt: Date | undefined } | undefined;
  outcome: 'recorded' | 'counter' | 'refused';
  reason: RefusalReason | undefined;
}

export async function insertCalendarReply(db: Db, row: CalendarReplyRow): Promise<void> {
  await db('calendar_replies').insert({
    message_id: row.messageId,
    gathering_id: row.gatheringId ?? null,
    invitation_id: row.invitationId ?? null,
    method: row.method,
    attendee_email: row.attendeeEmail,
    sender_email: row.senderEmail,
    client: row.client,
    sequence: row.sequence,
    dtstamp: row.dtstamp ?? null,
    answer: row.answer ?? null,
    proposed_starts_at: row.proposed?.startsAt ?? null,
    proposed_ends_at: row.proposed?.endsAt ?? null,
    outcome: row.outcome,
    reason: row.reason ?? null,
  });
}

/** The calendar answers received for one gathering, newest first, with the invited person's name where known. */
export async function repliesOf(db: Db, gatheringId: number) {
  return (await db('calendar_replies as r')
    .leftJoin('invitations as i', 'i.id', 'r.invitation_id')
    .leftJoin('participants as p', 'p.id', 'i.participant_id')
    .where('r.gathering_id', gatheringId)
    .orderBy([
      { column: 'r.received_at', order: 'desc' },
      { column: 'r.id', order: 'desc' },
    ])
    .limit(500)
    .select(
      'r.id',
      'r.received_at as receivedAt',
      'r.method',
      'r.attendee_email as attendeeEmail',
      'r.client',
      'r.answer',
      'r.proposed_starts_at as proposedStartsAt',
      'r.proposed_ends_at as proposedEndsAt',
      'r.outcome',
      'r.reason',
      'p.name',
    )) as {
    id: number;
    receivedAt: Date;
    method: 'REPLY' | 'COUNTER';
    attendeeEmail: string;
    client: string;
    answer: Answer | null;
    proposedStartsAt: Date | null;
    proposedEndsAt: Date | null;
    outcome: 'recorded' | 'counter' | 'refused';
    reason: RefusalReason | null;
    name: string | null;
  }[];
}

/**
 * Answers for no gathering (an unknown or forged UID) are shown to nobody; their addresses are
 * kept only for the logs' sake, 30 days. Answers for a gathering go with it.
 */
export async function dropStrayReplies(db: Db): Promise<number> {
  return db('calendar_replies')
    .whereNull('gathering_id')
    .where('received_at', '<', db.raw("now() - interval '30 days'"))
    .delete();
}
