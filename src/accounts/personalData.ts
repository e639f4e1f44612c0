import type { Db } from '../db/knex';
import { todayInOslo } from '../web/dates';

/** Everything Samling holds about a person, as they may download it (GDPR art. 15 and 20). */
export async function exportPersonalData(db: Db, participantId: number) {
  const [person, memberships, emails, changesMade] = await Promise.all([
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
  ]);
  return { exportedAt: new Date().toISOString(), person, memberships, emails, changesMade };
}

export const ERASED_NAME = 'Slettet person';

/**
 * Erases a person's identity and contact details but keeps the anonymous facts (memberships
 * and, later, attendance), so the networks' figures stay right.
 */
export async function erasePerson(trx: Db, participantId: number): Promise<void> {
  await trx('participants')
    .where({ id: participantId })
    .update({
      name: ERASED_NAME,
      email: `slettet-${participantId}@slettet.invalid`,
      phone: '',
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
    .update({ to_email: 'slettet@slettet.invalid', params: '{}', secret_params: null });
  await trx('audit_log').where({ actor_id: participantId }).update({ actor_name: ERASED_NAME });
  await trx('audit_log').where({ entity_type: 'participants', entity_id: participantId }).update({ changes: '{}' });
  await trx('sessions').whereRaw("(sess->>'participantId')::int = ?", [participantId]).delete();
}
