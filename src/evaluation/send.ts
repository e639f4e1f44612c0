import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { closesAtSql } from './closing';
import type { MarkKey } from './marks';
import { answeredRequests } from './queries';
import { gatheringMailParams, mailEnvelope, type MailOptions } from '../invitations/send';
import { enqueueEmails, type EmailRequest } from '../mail/outbox';
import type { Language } from '../kernel/i18n';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';

/** Whether the gathering's evaluation has closed (src/evaluation/closing.ts): then nobody is asked or reminded. */
export async function evaluationClosed(trx: Db, gatheringId: number): Promise<boolean> {
  const row = (await trx('gatherings as g')
    .where('g.id', gatheringId)
    .first(trx.raw(`${closesAtSql('g')} <= now() as closed`))) as { closed: boolean } | undefined;
  return row?.closed ?? true;
}

interface Person {
  /** A participant, or (registrationId) someone registered from the fagdag's public page. */
  participantId?: number | null;
  registrationId?: number;
  name: string;
  email: string;
  language: Language;
}

function evaluationEmail(
  gathering: FeedGathering,
  person: Person,
  token: string,
  options: MailOptions,
  reminder: boolean,
): EmailRequest {
  return {
    template: 'evaluation',
    ...(!person.participantId
      ? {
          to: { email: person.email, language: person.language },
          networkId: options.networkId,
          regionId: options.regionId,
          replyTo: options.organizer.email,
        }
      : mailEnvelope({ ...person, participantId: person.participantId }, options)),
    params: {
      context: reminder ? 'reminder' : undefined,
      name: person.name,
      ...gatheringMailParams(gathering, person.language),
      topic: gathering.topic,
    },
    // The link is the key to the answer form: never kept once the message is sent.
    secretParams: { evaluationUrl: new URL(`/evaluation/${token}`, options.baseUrl).toString() },
  };
}

/**
 * Asks everyone recorded present at the gathering who has not been asked yet to evaluate it:
 * one request with a single-use link each (only its hash is stored) and one email, queued in the
 * caller's transaction. Never two requests per person and gathering. Returns how many were asked.
 */
export async function queueEvaluationRequests(trx: Db, gatheringId: number, options: MailOptions): Promise<number> {
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  if (!gathering || gathering.status === 'cancelled' || (await evaluationClosed(trx, gatheringId))) return 0;
  const people = (await trx('attendances as a')
    .join('participants as p', 'p.id', 'a.participant_id')
    .where('a.gathering_id', gatheringId)
    .whereNull('p.archived_at')
    .whereNotExists(
      trx('evaluation_requests as r')
        .select(trx.raw('1'))
        .whereRaw('r.gathering_id = a.gathering_id and r.participant_id = a.participant_id'),
    )
    .orderBy('p.id')
    .limit(5000)
    .select('p.id as participantId', 'p.name', 'p.email', 'p.language')) as (Person & { participantId: number })[];
  const registrants = await askRegistrants(trx, gathering, options);
  if (people.length === 0) return registrants;
  const tokens = new Map(people.map((p) => [p.participantId, newSecretToken(24)]));
  // A concurrent call may have asked some of them meanwhile: only those inserted here get an email.
  const inserted = await trx('evaluation_requests')
    .insert(
      people.map((p) => ({
        gathering_id: gatheringId,
        participant_id: p.participantId,
        token_hash: hashSecretToken(tokens.get(p.participantId) as string),
      })),
    )
    .onConflict(['gathering_id', 'participant_id'])
    .ignore()
    .returning('participant_id');
  const asked = new Set(inserted.map((row) => row.participant_id));
  const emails = people
    .filter((p) => asked.has(p.participantId))
    .map((p) => evaluationEmail(gathering, p, tokens.get(p.participantId) as string, options, false));
  await enqueueEmails(trx, emails, new URL(options.baseUrl).hostname);
  return emails.length + registrants;
}

/** Those registered from a fagdag's public page and marked present are asked too (src/registration/). */
async function askRegistrants(trx: Db, gathering: FeedGathering, options: MailOptions): Promise<number> {
  const people = (await trx('registrations as g')
    .where({ 'g.gathering_id': gathering.id, 'g.attended': true, 'g.status': 'confirmed' })
    .whereNotExists(
      trx('evaluation_requests as r')
        .select(trx.raw('1'))
        .whereRaw('r.gathering_id = g.gathering_id and r.registration_id = g.id'),
    )
    .orderBy('g.id')
    .limit(5000)
    .select('g.id as registrationId', 'g.name', 'g.email', 'g.language')) as (Person & { registrationId: number })[];
  if (people.length === 0) return 0;
  const tokens = new Map(people.map((p) => [p.registrationId, newSecretToken(24)]));
  const inserted = await trx('evaluation_requests')
    .insert(
      people.map((p) => ({
        gathering_id: gathering.id,
        registration_id: p.registrationId,
        token_hash: hashSecretToken(tokens.get(p.registrationId) as string),
      })),
    )
    .onConflict(['gathering_id', 'registration_id'])
    .ignore()
    .returning('registration_id');
  const asked = new Set(inserted.map((row) => row.registration_id));
  const emails = people
    .filter((p) => asked.has(p.registrationId))
    .map((p) => evaluationEmail(gathering, p, tokens.get(p.registrationId) as string, options, false));
  await enqueueEmails(trx, emails, new URL(options.baseUrl).hostname);
  return emails.length;
}

/**
 * The one reminder per gathering, in the caller's transaction: to everyone asked who has not
 * answered, each with a fresh link (the first keeps working). 'alreadySent' when it has gone out;
 * 0 (and the reminder still unused) when nobody is waiting to answer.
 */
export async function sendEvaluationReminder(
  trx: Db,
  gatheringId: number,
  options: MailOptions,
  key: MarkKey,
): Promise<number | 'alreadySent'> {
  if (await evaluationClosed(trx, gatheringId)) return 0;
  const asked = (await trx('evaluation_requests as r')
    .leftJoin('participants as p', 'p.id', 'r.participant_id')
    .leftJoin('registrations as g', 'g.id', 'r.registration_id')
    .where({ 'r.gathering_id': gatheringId, 'r.reminded': false })
    .whereNull('p.archived_at')
    .orderBy('r.id')
    .limit(5000)
    .select(
      'r.id as requestId',
      'r.used',
      'p.id as participantId',
      trx.raw('coalesce(p.name, g.name) as name'),
      trx.raw('coalesce(p.email, g.email) as email'),
      trx.raw('coalesce(p.language, g.language) as language'),
    )) as (Person & {
    requestId: number;
    used: boolean;
  })[];
  const answered = await answeredRequests(
    trx,
    key,
    asked.map((r) => ({ id: r.requestId, used: r.used })),
  );
  const people = asked.filter((r) => !answered.has(r.requestId));
  const claimed =
    people.length === 0
      ? 0
      : await trx('gatherings')
          .where({ id: gatheringId })
          .whereNull('evaluation_reminder_sent_at')
          .update({ evaluation_reminder_sent_at: trx.fn.now() });
  if (claimed === 0) {
    const gathering = await trx('gatherings').where({ id: gatheringId }).first('evaluation_reminder_sent_at as sentAt');
    return gathering?.sentAt ? 'alreadySent' : 0;
  }
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  if (!gathering) return 0;
  const tokens = people.map(() => newSecretToken(24));
  // One statement for all: each request gets its reminder link's hash.
  await trx.raw(
    `update evaluation_requests r set reminded = true, reminder_token_hash = v.hash
     from unnest(?::int[], ?::bytea[]) as v(id, hash) where r.id = v.id`,
    [people.map((p) => p.requestId), tokens.map(hashSecretToken)],
  );
  await enqueueEmails(
    trx,
    people.map((p, i) => evaluationEmail(gathering, p, tokens[i] as string, options, true)),
    new URL(options.baseUrl).hostname,
  );
  return people.length;
}
