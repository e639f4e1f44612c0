import type { Db } from '../db/knex';
import { likePattern } from '../db/likePattern';
import { storedRateLimitKey } from '../kernel/secretTokens';
import { todayInOslo } from '../kernel/dates';

/** Everything Samling holds about a person, as they may download it (GDPR art. 15 and 20). */
export async function exportPersonalData(db: Db, participantId: number) {
  const [
    person,
    memberships,
    emails,
    changesMade,
    invitations,
    attendance,
    evaluationRequests,
    changesAboutThem,
    calendarAnswers,
    registrations,
  ] = await Promise.all([
    db('participants as p')
      .join('units as u', 'u.id', 'p.unit_id')
      .select(
        'p.name',
        'p.email',
        'p.phone',
        'p.profession',
        'p.language',
        'p.is_user_representative',
        'p.is_relatives_representative',
        'p.shares_contact_details',
        'p.created_at',
        'p.updated_at',
        'u.organisation',
        'u.name as unit',
      )
      .where('p.id', participantId)
      .first(),
    db('memberships as m')
      .join('networks as n', 'n.id', 'm.network_id')
      .select('n.name as network', 'm.role', 'm.starts_on', 'm.ends_on')
      .where('m.participant_id', participantId)
      .orderBy('m.starts_on')
      .limit(1000),
    db('outgoing_emails')
      .select('subject', 'status', 'created_at', 'sent_at')
      .where('participant_id', participantId)
      .orderBy('id')
      .limit(5000),
    db('audit_log')
      .select('action', 'entity_type', 'entity_id', 'created_at')
      .where('actor_id', participantId)
      .orderBy('id')
      .limit(5000),
    // Invitations and answers, as fixed participant or stand-in.
    db('invitations as i')
      .join('gatherings as g', 'g.id', 'i.gathering_id')
      .leftJoin('participants as f', 'f.id', 'i.stands_in_for')
      .select('g.starts_at as gathering', 'g.topic', 'i.answer', 'i.answered_at', 'f.name as standing_in_for')
      .where('i.participant_id', participantId)
      .orderBy('g.starts_at')
      .limit(5000),
    db('attendances as a')
      .join('gatherings as g', 'g.id', 'a.gathering_id')
      .select('g.starts_at as gathering', 'g.topic', 'a.stand_in')
      .where('a.participant_id', participantId)
      .orderBy('g.starts_at')
      .limit(5000),
    // That they were asked to evaluate; the answers themselves name nobody and are not theirs to single out.
    db('evaluation_requests as r')
      .join('gatherings as g', 'g.id', 'r.gathering_id')
      .select('g.starts_at as gathering', 'g.topic', 'r.reminded')
      .where('r.participant_id', participantId)
      .orderBy('g.starts_at')
      .limit(5000),
    db('audit_log')
      .select('action', 'actor_name', 'changes', 'created_at')
      .where({ entity_type: 'participants', entity_id: participantId })
      .orderBy('id')
      .limit(5000),
    // Answers their calendar sent to Samling, and what became of each.
    db('calendar_replies as c')
      .join('invitations as i', 'i.id', 'c.invitation_id')
      .join('gatherings as g', 'g.id', 'i.gathering_id')
      .select('g.starts_at as gathering', 'c.received_at', 'c.method', 'c.answer', 'c.outcome', 'c.reason', 'c.client')
      .where('i.participant_id', participantId)
      .orderBy('c.id')
      .limit(5000),
    // Registrations to fagdager from their public page under the person's address (src/registration/).
    db('registrations as r')
      .join('gatherings as g', 'g.id', 'r.gathering_id')
      .select(
        'g.starts_at as gathering',
        'g.topic',
        'r.name',
        'r.organisation',
        'r.profession',
        'r.answers',
        'r.status',
      )
      .whereRaw('r.email = (select lower(p.email) from participants p where p.id = ?)', [participantId])
      .orderBy('g.starts_at')
      .limit(5000),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    person,
    memberships,
    invitations,
    attendance,
    evaluationRequests,
    registrations,
    emails,
    changesMade,
    changesAboutThem,
    calendarAnswers,
  };
}

/** What an erased person is called: a form bokmål and nynorsk both accept, so every page reads right. */
/** The person asks to be erased; the first request's time stands. */
export async function requestErasure(db: Db, participantId: number): Promise<void> {
  await db('participants')
    .where({ id: participantId })
    .whereNull('erasure_requested_at')
    .update({ erasure_requested_at: db.fn.now() });
}

export const ERASED_NAME = 'Sletta person';

/**
 * Erases a person's identity and contact details but keeps the anonymous facts (memberships
 * and, later, attendance), so the networks' figures stay right.
 */
export async function erasePerson(trx: Db, participantId: number): Promise<void> {
  const person = (await trx('participants').where({ id: participantId }).first('name', 'email')) as
    | { name: string; email: string }
    | undefined;
  if (!person) return;
  await trx('participants')
    .where({ id: participantId })
    .update({
      name: ERASED_NAME,
      email: `slettet-${participantId}@slettet.invalid`,
      phone: '',
      shares_contact_details: false,
      is_user_representative: false,
      is_relatives_representative: false,
      archived_at: trx.fn.now(),
      erased_at: trx.fn.now(),
      version: trx.raw('version + 1'),
      updated_at: trx.fn.now(),
    });
  await trx('memberships')
    .where({ participant_id: participantId })
    .whereNull('ends_on')
    .update({ ends_on: todayInOslo() });
  await trx('login_tokens').where({ participant_id: participantId }).delete();
  await trx('korus_admins').where({ participant_id: participantId }).delete();
  await trx('outgoing_emails')
    .where({ participant_id: participantId })
    .update({ to_email: 'slettet@slettet.invalid', params: '{}', secret_params: null, ical_content: null });
  await trx('audit_log').where({ actor_id: participantId }).update({ actor_name: ERASED_NAME });
  await trx('audit_log').where({ entity_type: 'participants', entity_id: participantId }).update({ changes: '{}' });
  await trx('sessions').whereRaw("(sess->>'participantId')::int = ?", [participantId]).delete();
  await scrubCopies(trx, person, participantId);
  // The sign-in limit per address is stored under a hash of the address (accounts/loginRoutes.ts).
  await trx('rate_limits')
    .where({ key: storedRateLimitKey('login-address', `email:${person.email.toLowerCase()}`) })
    .delete();
}

/**
 * Other people's messages and records may carry the person's name or address (as the organiser
 * of an invitation, a stand-in named in one, the author of a change): every text and JSON column
 * of every table is searched, and each copy is replaced. Erasure is rare, so the full search is
 * affordable; the participants table itself is handled above.
 */
async function scrubCopies(trx: Db, person: { name: string; email: string }, participantId: number): Promise<void> {
  const erasedEmail = `slettet-${participantId}@slettet.invalid`;
  const columns = (
    await trx.raw(
      `select table_name as "table", column_name as "column", data_type as "type"
       from information_schema.columns
      where table_schema = 'public' and data_type in ('text', 'character varying', 'json', 'jsonb')
        and table_name not in ('participants', 'knex_migrations', 'knex_migrations_lock', 'sessions')`,
    )
  ).rows as { table: string; column: string; type: string }[];
  for (const { table, column, type } of columns) {
    const asText = type.startsWith('json')
      ? `${trx.raw('??', [column]).toQuery()}::text`
      : trx.raw('??', [column]).toQuery();
    const back = type === 'json' ? '::json' : type === 'jsonb' ? '::jsonb' : '';
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its statements one after the other
    await trx.raw(
      `update ?? set ?? = (regexp_replace(regexp_replace(${asText}, ?, ?, 'gi'), ?, ?, 'gi'))${back}
        where ${asText} ilike ? or ${asText} ilike ?`,
      [
        table,
        column,
        regexpOf(person.name),
        ERASED_NAME,
        regexpOf(person.email),
        erasedEmail,
        likePattern(person.name),
        likePattern(person.email),
      ],
    );
  }
}

/** A regular expression matching `text` literally. */
const regexpOf = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
