import type { Db } from '../db/knex';

export interface WhosWhoEntry {
  id: number;
  name: string;
  profession: string;
  role: string;
  unitName: string;
  unitId: number;
  /** Empty unless the person chose to share their work contact details on Min side. */
  email: string;
  phone: string;
}

/**
 * Who's who in a network: its current members with their unit, profession and role. A person's
 * work email and phone leave the database only if they opted in (the default is not to).
 */
export async function whosWho(db: Db, networkId: number): Promise<WhosWhoEntry[]> {
  return (await db('memberships as m')
    .join('participants as p', 'p.id', 'm.participant_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .where('m.network_id', networkId)
    .whereNull('m.ends_on')
    .whereNull('p.archived_at')
    .whereNull('p.erased_at')
    .orderBy([{ column: 'u.organisation' }, { column: 'u.name' }, { column: 'p.name' }])
    .limit(2000)
    .select(
      'p.id',
      'p.name',
      'p.profession',
      'm.role',
      db.raw('u.organisation || \' – \' || u.name as "unitName"'),
      'u.id as unitId',
      db.raw(`case when p.shares_contact_details then p.email else '' end as email`),
      db.raw(`case when p.shares_contact_details then p.phone else '' end as phone`),
    )) as WhosWhoEntry[];
}

export async function sharesContactDetails(db: Db, participantId: number): Promise<boolean> {
  const row = await db('participants').where({ id: participantId }).first('shares_contact_details');
  return row?.shares_contact_details ?? false;
}

/** Min side's choice; returns whether it changed. */
export async function setSharesContactDetails(trx: Db, participantId: number, shares: boolean): Promise<boolean> {
  const updated = await trx('participants')
    .where({ id: participantId })
    .whereNot({ shares_contact_details: shares })
    .update({ shares_contact_details: shares, updated_at: trx.fn.now() });
  return updated > 0;
}
