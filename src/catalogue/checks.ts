import type { Db } from '../db/knex';
import { enqueueEmail } from '../mail/outbox';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';
import { formatDate } from '../kernel/dates';
import { CHECK_LINK_DAYS } from './schema';

export const SEND_PROFILE_CHECKS_TASK = 'send_service_profile_checks';

/**
 * Units whose manager is due the yearly "is this still right?" email: a profile last confirmed
 * eleven months ago or more (or never), a manager address, and no such email in the last year.
 */
async function dueUnits(db: Db) {
  return (await db('units as u')
    .join('service_profiles as sp', 'sp.unit_id', 'u.id')
    .whereNull('u.archived_at')
    .whereNot('u.manager_email', '')
    .where((w) => w.whereNull('sp.confirmed_at').orWhereRaw("sp.confirmed_at <= now() - interval '11 months'"))
    .whereNotExists((sub) =>
      sub
        .select(db.raw('1'))
        .from('service_profile_checks as c')
        .whereRaw('c.unit_id = u.id')
        .whereRaw("c.sent_at > now() - interval '1 year'"),
    )
    .orderBy('u.id')
    .limit(2000)
    .select('u.id')) as { id: number }[];
}

/**
 * The daily job: one email per due unit, each in a transaction of its own that locks the unit's
 * profile and asks again, so two runs never send a unit two emails within the year.
 */
export async function sendProfileChecks(db: Db, baseUrl: string): Promise<number> {
  const domain = new URL(baseUrl).hostname;
  let sent = 0;
  for (const { id } of await dueUnits(db)) {
    // biome-ignore lint/performance/noAwaitInLoops: one unit per transaction, so a failure loses none of the others
    await db.transaction(async (trx) => {
      const unit = await trx('units as u')
        .join('service_profiles as sp', 'sp.unit_id', 'u.id')
        .where('u.id', id)
        .forUpdate('sp')
        .first(
          'u.id',
          'u.name',
          'u.organisation',
          'u.manager_name',
          'u.manager_email',
          'u.region_id',
          'sp.confirmed_at',
        );
      if (!unit || unit.manager_email === '') return;
      const recent = await trx('service_profile_checks')
        .where({ unit_id: id })
        .whereRaw("sent_at > now() - interval '1 year'")
        .first('id');
      if (recent) return;
      // A manager who also has an account gets the email in their own language.
      const person = await trx('participants')
        .whereRaw('lower(email) = lower(?)', [unit.manager_email])
        .whereNull('archived_at')
        .first('id', 'language');
      const language = person?.language === 'nn' ? 'nn' : 'nb';
      const token = newSecretToken(32);
      await trx('service_profile_checks').insert({
        unit_id: id,
        token_hash: hashSecretToken(token),
        sent_to: unit.manager_email,
        expires_at: trx.raw(`now() + make_interval(days => ?)`, [CHECK_LINK_DAYS]),
      });
      const url = new URL(`/catalogue/check/${token}`, baseUrl).toString();
      await enqueueEmail(
        trx,
        {
          template: 'profileCheck',
          to: { email: unit.manager_email, participantId: person?.id, language },
          regionId: unit.region_id,
          params: {
            name: unit.manager_name,
            unitName: `${unit.organisation} – ${unit.name}`,
            confirmedText: unit.confirmed_at ? formatDate(unit.confirmed_at, language) : '',
            days: CHECK_LINK_DAYS,
          },
          // The link signs nobody in but opens the profile: never kept once the email is sent.
          secretParams: { checkUrl: url, editUrl: `${url}/edit` },
        },
        domain,
      );
      sent += 1;
    });
  }
  return sent;
}

export interface ProfileCheck {
  id: number;
  unitId: number;
  sentTo: string;
  expiresAt: Date;
  confirmedAt: Date | null;
}

/** The check a link's token belongs to, while it has not expired. */
export async function checkByToken(db: Db, token: string): Promise<ProfileCheck | undefined> {
  return (await db('service_profile_checks')
    .where({ token_hash: hashSecretToken(token) })
    .where('expires_at', '>', db.fn.now())
    .first('id', 'unit_id as unitId', 'sent_to as sentTo', 'expires_at as expiresAt', 'confirmed_at as confirmedAt')) as
    | ProfileCheck
    | undefined;
}

/** Uses the link's one-click confirmation; false when it was used already (a second click, a replay). */
export async function useCheckConfirmation(trx: Db, checkId: number): Promise<boolean> {
  const updated = await trx('service_profile_checks')
    .where({ id: checkId })
    .whereNull('confirmed_at')
    .update({ confirmed_at: trx.fn.now() });
  return updated > 0;
}
