import type { AcceptedStatus, Format, GatheringKind } from '../gatherings/model';
import type { Db } from '../db/knex';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';
import { retimed } from '../agenda/checks';
import type { AgendaSnapshot } from '../agenda/snapshot';
import { formatTime } from '../kernel/dates';

/** A new feed token for the person; the old one stops working. Only the hash is stored. */
export async function renewCalendarToken(db: Db, participantId: number): Promise<string> {
  const token = newSecretToken(24);
  const tokenHash = hashSecretToken(token);
  await db('calendar_tokens')
    .insert({ participant_id: participantId, token_hash: tokenHash })
    .onConflict('participant_id')
    .merge({ token_hash: tokenHash, created_at: db.fn.now() });
  return token;
}

/** The active person behind a feed token, with their language. */
export async function personByCalendarToken(db: Db, token: string) {
  return (await db('calendar_tokens as c')
    .join('participants as p', 'p.id', 'c.participant_id')
    .where('c.token_hash', hashSecretToken(token))
    .whereNull('p.archived_at')
    .first('p.id', 'p.language')) as { id: number; language: 'nb' | 'nn' } | undefined;
}

export async function hasCalendarToken(db: Db, participantId: number): Promise<boolean> {
  return (await db('calendar_tokens').where({ participant_id: participantId }).first('participant_id')) !== undefined;
}

export interface FeedGathering {
  id: number;
  uid: string;
  version: number;
  /** The calendar SEQUENCE: the version plus one for every person taken off the invitation list since. */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  updatedAt: Date;
  kind: GatheringKind;
  format: Format;
  status: AcceptedStatus;
  topic: string;
  /** What the gathering is to achieve (the evaluation asks whether it did). */
  aim: string;
  venue: string;
  meetingUrl: string;
  networkNames: string;
  /** How many networks the gathering belongs to: more than one makes a joint fagdag. */
  networkCount: number;
  agenda: AgendaSnapshot | null;
}

/**
 * Accepted and cancelled gatherings as calendars show them, each once (a joint fagdag too), in
 * one query: those of some networks (a feed), or some gatherings by id (invitations).
 */
export async function feedGatherings(
  db: Db,
  scope: { networkIds: number[] } | { gatheringIds: number[] },
): Promise<FeedGathering[]> {
  const networkIds = 'networkIds' in scope ? scope.networkIds : null;
  const ids =
    'networkIds' in scope
      ? db('gathering_networks').select('gathering_id').whereIn('network_id', scope.networkIds)
      : scope.gatheringIds;
  if (Array.isArray(ids) && ids.length === 0) return [];
  if (networkIds?.length === 0) return [];
  const rows: FeedGathering[] = await db('gatherings as g')
    .whereIn('g.id', ids)
    .whereIn('g.status', ['planned', 'cancelled'])
    .orderBy('g.starts_at')
    .limit(2000)
    .select(
      'g.id',
      'g.uid',
      'g.version',
      db.raw('g.version + g.uninvitations as sequence'),
      'g.starts_at as startsAt',
      'g.ends_at as endsAt',
      'g.updated_at as updatedAt',
      'g.kind',
      'g.format',
      'g.status',
      'g.topic',
      'g.aim',
      'g.venue',
      'g.meeting_url as meetingUrl',
      db.raw(
        `(select string_agg(n.name, ', ' order by n.name) from gathering_networks x join networks n on n.id = x.network_id
               where x.gathering_id = g.id and (?::int[] is null or x.network_id = any(?::int[]))) as "networkNames"`,
        [networkIds, networkIds],
      ),
      db.raw('(select count(*)::int from gathering_networks x where x.gathering_id = g.id) as "networkCount"'),
      db.raw(
        '(select v.snapshot from agenda_versions v where v.gathering_id = g.id order by v.version desc limit 1) as agenda',
      ),
    );
  // The agenda's items follow the gathering when it moves.
  return rows.map((g) =>
    g.agenda ? { ...g, agenda: retimed(g.agenda, formatTime(g.startsAt), formatTime(g.endsAt)) } : g,
  );
}

/** The networks whose gatherings a person sees in their own feed. */
export async function networksOfPerson(db: Db, participantId: number): Promise<number[]> {
  return db('memberships as m')
    .join('networks as n', 'n.id', 'm.network_id')
    .where('m.participant_id', participantId)
    .whereNull('m.ends_on')
    .whereNull('n.archived_at')
    .pluck('m.network_id');
}
