import type { Db } from '../db/knex';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';

export interface Recipient {
  participantId: number;
  name: string;
  email: string;
  language: 'nb' | 'nn';
  /** A stand-in: the name of the fixed participant they stand in for. */
  standingInFor?: string;
}

/**
 * Everyone a gathering is for: the current members (leader, working group, participants) of
 * all its networks, each person once however many of those networks they belong to.
 */
export async function recipientsOf(db: Db, gatheringIds: number[]): Promise<Map<number, Recipient[]>> {
  const rows = (await db('gathering_networks as gn')
    .join('memberships as m', 'm.network_id', 'gn.network_id')
    .join('participants as p', 'p.id', 'm.participant_id')
    .whereIn('gn.gathering_id', gatheringIds)
    .whereNull('m.ends_on')
    .whereNull('p.archived_at')
    .distinct('gn.gathering_id as gatheringId', 'p.id as participantId', 'p.name', 'p.email', 'p.language')
    .orderBy(['gn.gathering_id', 'p.id'])
    .limit(100_000)) as (Recipient & { gatheringId: number })[];
  const byGathering = new Map<number, Recipient[]>();
  for (const { gatheringId, ...recipient } of rows)
    byGathering.set(gatheringId, [...(byGathering.get(gatheringId) ?? []), recipient]);
  return byGathering;
}

/** Stand-ins invited to the given gatherings (not members: invited for one gathering each). */
export async function standInRecipientsOf(db: Db, gatheringIds: number[]): Promise<Map<number, Recipient[]>> {
  const rows = (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .join('participants as f', 'f.id', 'i.stands_in_for')
    .whereIn('i.gathering_id', gatheringIds)
    .whereNull('p.archived_at')
    .orderBy(['i.gathering_id', 'p.id'])
    .limit(100_000)
    .select(
      'i.gathering_id as gatheringId',
      'p.id as participantId',
      'p.name',
      'p.email',
      'p.language',
      'f.name as standingInFor',
    )) as (Recipient & { gatheringId: number })[];
  const byGathering = new Map<number, Recipient[]>();
  for (const { gatheringId, ...recipient } of rows)
    byGathering.set(gatheringId, [...(byGathering.get(gatheringId) ?? []), recipient]);
  return byGathering;
}

export async function invitationsFor(db: Db, gatheringIds: number[]) {
  return await db('invitations')
    .whereIn('gathering_id', gatheringIds)
    .select(
      'id',
      { gatheringId: 'gathering_id', participantId: 'participant_id', sentVersion: 'sent_version' },
      'answer',
    )
    .limit(100_000);
}

/** A fresh answer link per invitation; only hashes are stored, and older links keep working. */
export async function issueRsvpTokens(db: Db, invitationIds: number[]): Promise<string[]> {
  const tokens = invitationIds.map(() => newSecretToken(24));
  for (let i = 0; i < tokens.length; i += 1000) {
    // biome-ignore lint/performance/noAwaitInLoops: one insert per thousand tokens, not per row
    await db('rsvp_tokens').insert(
      tokens
        .slice(i, i + 1000)
        .map((token, j) => ({ token_hash: hashSecretToken(token), invitation_id: invitationIds[i + j] })),
    );
  }
  return tokens;
}

/**
 * The invitation an answer link belongs to, while it still stands: the person is neither erased
 * nor archived, and they (or, for a stand-in, the member they stand in for) are still a member
 * of one of the gathering's networks. A link of someone who has left records nothing.
 */
/** An invitation `i` holds while its person (or whom they stand in for) still belongs to one of the gathering's networks. */
const stillInvited = (db: Db) =>
  db('memberships as m')
    .join('gathering_networks as gn', 'gn.network_id', 'm.network_id')
    .select(db.raw('1'))
    .whereRaw('gn.gathering_id = i.gathering_id')
    .whereRaw('m.participant_id = coalesce(i.stands_in_for, i.participant_id)')
    .whereNull('m.ends_on');

/** A person's invitations to gatherings not yet over (cancelled ones too), soonest first, at most 20. */
export async function upcomingInvitationsOf(db: Db, participantId: number) {
  return (await db('invitations as i')
    .join('gatherings as g', 'g.id', 'i.gathering_id')
    .leftJoin('participants as f', 'f.id', 'i.stands_in_for')
    .where('i.participant_id', participantId)
    .where('g.ends_at', '>', db.fn.now())
    .whereExists(stillInvited(db))
    .orderBy('g.starts_at')
    .limit(20)
    .select(
      'i.id',
      'i.gathering_id as gatheringId',
      'i.stands_in_for as standsInFor',
      'i.answer',
      'f.name as standsInForName',
    )) as {
    id: number;
    gatheringId: number;
    standsInFor: number | null;
    answer: 'yes' | 'no' | 'maybe' | null;
    standsInForName: string | null;
  }[];
}

export async function invitationByToken(db: Db, token: string) {
  return (await db('rsvp_tokens as r')
    .join('invitations as i', 'i.id', 'r.invitation_id')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where('r.token_hash', hashSecretToken(token))
    .whereNull('p.erased_at')
    .whereNull('p.archived_at')
    .whereExists(stillInvited(db))
    .first(
      'i.id',
      'i.gathering_id as gatheringId',
      'i.participant_id as participantId',
      'i.stands_in_for as standsInFor',
      'i.answer',
      'p.name',
      'p.email',
      'p.language',
    )) as
    | {
        id: number;
        gatheringId: number;
        participantId: number;
        standsInFor: number | null;
        answer: string | null;
        name: string;
        email: string;
        language: 'nb' | 'nn';
      }
    | undefined;
}

/**
 * The invitation to a gathering of the person with this address (any case), on the same terms
 * as an answer link: not erased or archived, and still invited. A calendar answer is matched so.
 */
export async function invitationByEmail(db: Db, gatheringId: number, email: string) {
  return (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where('i.gathering_id', gatheringId)
    .whereRaw('lower(p.email) = ?', [email.toLowerCase()])
    .whereNull('p.erased_at')
    .whereNull('p.archived_at')
    .whereExists(stillInvited(db))
    .forUpdate('i')
    .first(
      'i.id',
      'i.gathering_id as gatheringId',
      'i.participant_id as participantId',
      'i.stands_in_for as standsInFor',
      'i.answered_at as answeredAt',
      'p.name',
      'p.email',
    )) as
    | {
        id: number;
        gatheringId: number;
        participantId: number;
        standsInFor: number | null;
        answeredAt: Date | null;
        name: string;
        email: string;
      }
    | undefined;
}

export async function recordAnswer(db: Db, invitationId: number, answer: 'yes' | 'no' | 'maybe'): Promise<void> {
  await db('invitations')
    .where({ id: invitationId })
    .update({ answer, answered_at: db.fn.now(), updated_at: db.fn.now() });
}

/** Answers per gathering: how many yes, no, maybe, and not yet. */
export async function answerCounts(db: Db, gatheringIds: number[]) {
  if (gatheringIds.length === 0) return new Map<number, Record<string, number>>();
  const rows = (await db('invitations')
    .whereIn('gathering_id', gatheringIds)
    .groupBy('gathering_id', 'answer')
    .select('gathering_id as gatheringId', 'answer')
    .count({ n: '*' })) as { gatheringId: number; answer: string | null; n: number }[];
  const counts = new Map<number, Record<string, number>>();
  for (const row of rows)
    counts.set(row.gatheringId, { ...(counts.get(row.gatheringId) ?? {}), [row.answer ?? 'none']: Number(row.n) });
  return counts;
}

/** Who answered what for one gathering, and who has not answered yet. */
export async function answersOf(db: Db, gatheringId: number) {
  return (await db('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where('i.gathering_id', gatheringId)
    .orderBy('p.name')
    .limit(5000)
    .select('p.name', 'i.answer', 'i.answered_at as answeredAt')) as {
    name: string;
    answer: 'yes' | 'no' | 'maybe' | null;
    answeredAt: Date | null;
  }[];
}

/** How the network's invitations, updates and cancellations stand: how many are queued, sent and failed. */
export async function mailStatesOf(
  db: Db,
  networkId: number,
): Promise<{ queued: number; sent: number; failed: number; total: number }> {
  const rows = (await db('outgoing_emails')
    .where('network_id', networkId)
    .whereIn('template', ['invitation', 'cancellation', 'uninvited'])
    .groupBy('status')
    .select('status', db.raw('count(*)::int as count'))) as { status: 'queued' | 'sent' | 'failed'; count: number }[];
  const states = { queued: 0, sent: 0, failed: 0, total: 0 };
  for (const row of rows) {
    states[row.status] = row.count;
    states.total += row.count;
  }
  return states;
}

/** How many have been invited to the gathering (stand-ins included). */
export async function invitationCount(db: Db, gatheringId: number): Promise<number> {
  const row = await db('invitations').where({ gathering_id: gatheringId }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** An invitation by id: whose it is and to which gathering. */
export async function findInvitation(db: Db, id: number) {
  return db('invitations').where({ id }).first('id', { participantId: 'participant_id', gatheringId: 'gathering_id' });
}

/** The unit a person belongs to (a stand-in is chosen among its colleagues). */
export async function unitOfParticipant(db: Db, participantId: number): Promise<number> {
  const person = await db('participants').where({ id: participantId }).first('unit_id');
  // An invitation's person always exists (a foreign key); an erased one keeps the row.
  if (!person) throw new Error(`participant ${participantId} not found`);
  return person.unit_id;
}

/** When a gathering starts, if it exists. */
export async function gatheringStart(db: Db, gatheringId: number): Promise<Date | undefined> {
  return (await db('gatherings').where({ id: gatheringId }).first('starts_at'))?.starts_at;
}
