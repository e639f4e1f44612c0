import type { Db } from '../db/knex';

// The people who sign in, as sign-in sees them.

/** The active (not archived) person with this address, whatever its case. */
export async function activePersonByEmail(db: Db, email: string): Promise<{ id: number; name: string } | undefined> {
  return db('participants')
    .whereRaw('lower(email) = ?', [email.toLowerCase()])
    .whereNull('archived_at')
    .first('id', 'name');
}

/** A person's name, for the audit entry of their own sign-in. */
export async function personName(db: Db, id: number): Promise<string> {
  return (await db('participants').where({ id }).first('name'))?.name ?? '';
}
