import type { Db } from '../db/knex';
import type { Language } from '../kernel/i18n';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';

/**
 * The language of unit `u`'s manager, as a select column: theirs where the manager is a
 * registered person, else bokmål.
 */
export const MANAGER_LANGUAGE = `coalesce((select x.language from participants x where lower(x.email) = lower(u.manager_email) and x.archived_at is null limit 1), 'nb') as "managerLanguage"`;

/** How long a manager's link to confirm a mandate works. */
export const MANDATE_LINK_DAYS = 60;
/** A manager is asked again about the same person at most this often. */
export const ASK_AGAIN_DAYS = 7;

export interface MandateToAsk {
  membershipId: number;
  personName: string;
  unitName: string;
  organisation: string;
  managerName: string;
  managerEmail: string;
  /** The manager's language where the manager is a registered person, else bokmål. */
  managerLanguage: Language;
}

/**
 * The network's current members whose mandate is not confirmed and whose unit has a manager's
 * address, leaving out those asked within ASK_AGAIN_DAYS. Bounded like the member list.
 */
export async function mandatesToAsk(db: Db, networkId: number): Promise<MandateToAsk[]> {
  return db('memberships as m')
    .join('participants as p', 'p.id', 'm.participant_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .leftJoin('mandates as md', 'md.membership_id', 'm.id')
    .where('m.network_id', networkId)
    .whereNull('m.ends_on')
    .whereNull('p.archived_at')
    .whereNull('md.confirmed_at')
    .whereNot('u.manager_email', '')
    .where((w) =>
      w
        .whereNull('md.requested_at')
        .orWhere('md.requested_at', '<', db.raw(`now() - interval '${ASK_AGAIN_DAYS} days'`)),
    )
    .orderBy(['u.manager_email', 'p.name'])
    .limit(1000)
    .select(
      'm.id as membershipId',
      'p.name as personName',
      'u.name as unitName',
      'u.organisation',
      'u.manager_name as managerName',
      'u.manager_email as managerEmail',
      db.raw(MANAGER_LANGUAGE),
    );
}

/** New links for these memberships (any older link stops working); the tokens by membership. */
export async function issueMandateLinks(trx: Db, membershipIds: number[]): Promise<Map<number, string>> {
  const tokens = new Map(membershipIds.map((id) => [id, newSecretToken(24)]));
  if (membershipIds.length === 0) return tokens;
  await trx('mandates')
    .insert(
      membershipIds.map((id) => ({
        membership_id: id,
        token_hash: hashSecretToken(tokens.get(id) as string),
        requested_at: trx.fn.now(),
      })),
    )
    .onConflict('membership_id')
    .merge(['token_hash', 'requested_at', 'updated_at']);
  return tokens;
}

export interface MandateRequest {
  id: number;
  membershipId: number;
  participantId: number;
  personName: string;
  profession: string;
  unitName: string;
  organisation: string;
  managerName: string;
  managerEmail: string;
  networkId: number;
  networkName: string;
  networkDescription: string;
  regionId: number;
  confirmedAt: Date | null;
  confirmedBy: string;
  /** Whether the link is older than MANDATE_LINK_DAYS (a confirmed one still shows as confirmed). */
  expired: boolean;
  /** Whether the membership has ended since. */
  ended: boolean;
}

/** The mandate a link names; undefined for an unknown token. */
export async function mandateByToken(db: Db, token: string): Promise<MandateRequest | undefined> {
  return db('mandates as md')
    .join('memberships as m', 'm.id', 'md.membership_id')
    .join('participants as p', 'p.id', 'm.participant_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .join('networks as n', 'n.id', 'm.network_id')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('md.token_hash', hashSecretToken(token))
    .first(
      'md.id',
      'md.membership_id as membershipId',
      'p.id as participantId',
      'p.name as personName',
      'p.profession',
      'u.name as unitName',
      'u.organisation',
      'u.manager_name as managerName',
      'u.manager_email as managerEmail',
      'n.id as networkId',
      'n.name as networkName',
      'n.description as networkDescription',
      's.region_id as regionId',
      'md.confirmed_at as confirmedAt',
      'md.confirmed_by as confirmedBy',
      db.raw(`md.requested_at < now() - interval '${MANDATE_LINK_DAYS} days' as expired`),
      db.raw('m.ends_on is not null as ended'),
    );
}

/** Confirms a mandate once (a second post changes nothing); false when it already was. */
export async function confirmMandate(trx: Db, id: number, confirmedBy: string): Promise<boolean> {
  const updated = await trx('mandates')
    .where({ id })
    .whereNull('confirmed_at')
    .update({ confirmed_at: trx.fn.now(), confirmed_by: confirmedBy, updated_at: trx.fn.now() });
  return updated > 0;
}
