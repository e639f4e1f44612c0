import type { Db } from '../db/knex';
import { updateVersioned } from '../db/versioned';
import type { Language } from '../kernel/i18n';

export interface RegistrationSettings {
  gatheringId: number;
  publicSlug: string;
  open: boolean;
  capacity: number;
  deadline: Date;
  openToOutsiders: boolean;
  questions: string[];
  organizerName: string;
  organizerEmail: string;
  version: number;
}

const settingsColumns = [
  'gathering_id as gatheringId',
  'public_slug as publicSlug',
  'open',
  'capacity',
  'deadline',
  'open_to_outsiders as openToOutsiders',
  'questions',
  'organizer_name as organizerName',
  'organizer_email as organizerEmail',
  'version',
];

export async function findSettings(db: Db, gatheringId: number): Promise<RegistrationSettings | undefined> {
  return (await db('registration_settings').where({ gathering_id: gatheringId }).first(settingsColumns)) as
    | RegistrationSettings
    | undefined;
}

export async function settingsBySlug(db: Db, slug: string): Promise<RegistrationSettings | undefined> {
  return (await db('registration_settings').where({ public_slug: slug }).first(settingsColumns)) as
    | RegistrationSettings
    | undefined;
}

/**
 * Reads the settings locked until the caller's transaction ends: every registration, cancellation
 * and change of capacity of one fagdag takes this lock first, so two can never both take the last place.
 */
export async function lockSettings(trx: Db, gatheringId: number): Promise<RegistrationSettings | undefined> {
  return (await trx('registration_settings').where({ gathering_id: gatheringId }).forUpdate().first(settingsColumns)) as
    | RegistrationSettings
    | undefined;
}

export const settingsRow = (s: Omit<RegistrationSettings, 'gatheringId' | 'publicSlug' | 'version'>) => ({
  organizer_name: s.organizerName,
  organizer_email: s.organizerEmail,
  open: s.open,
  capacity: s.capacity,
  deadline: s.deadline,
  open_to_outsiders: s.openToOutsiders,
  questions: JSON.stringify(s.questions),
});

/** Opens a fagdag for registration, with a new public slug. */
export async function createSettings(trx: Db, gatheringId: number, row: ReturnType<typeof settingsRow>, slug: string) {
  await trx('registration_settings').insert({ ...row, gathering_id: gatheringId, public_slug: slug });
}

/** Saves changed settings at the version the form was read at (else StaleEditError). */
export const updateSettings = (trx: Db, gatheringId: number, version: number, row: ReturnType<typeof settingsRow>) =>
  updateVersioned(trx, 'registration_settings', { gathering_id: gatheringId }, version, row);

/** The region a fagdag belongs to (its networks are all in one), for the audit log's region filter. */
export async function regionOfGathering(db: Db, gatheringId: number): Promise<number | undefined> {
  const row = (await db('gathering_networks as gn')
    .join('networks as n', 'n.id', 'gn.network_id')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('gn.gathering_id', gatheringId)
    .orderBy('n.id')
    .first('s.region_id as regionId')) as { regionId: number } | undefined;
  return row?.regionId;
}

/** Places taken: members who answered yes, and confirmed registrations of anyone else. */
export async function placesTaken(trx: Db, gatheringId: number): Promise<{ membersYes: number; confirmed: number }> {
  const { rows } = await trx.raw(
    `select
       (select count(*)::int from invitations i where i.gathering_id = :id and i.answer = 'yes') as "membersYes",
       (select count(*)::int from registrations r where r.gathering_id = :id and r.status = 'confirmed'
          and not exists (select 1 from invitations i join participants p on p.id = i.participant_id
                          where i.gathering_id = r.gathering_id and i.answer = 'yes' and lower(p.email) = r.email)) as confirmed`,
    { id: gatheringId },
  );
  return rows[0] as { membersYes: number; confirmed: number };
}

/** Whether the address is a current member's of one of the fagdag's networks. */
export async function isMemberAddress(trx: Db, gatheringId: number, email: string): Promise<boolean> {
  const row = await trx('participants as p')
    .join('memberships as m', 'm.participant_id', 'p.id')
    .join('gathering_networks as gn', 'gn.network_id', 'm.network_id')
    .where('gn.gathering_id', gatheringId)
    .whereNull('m.ends_on')
    .whereNull('p.archived_at')
    .whereRaw('lower(p.email) = ?', [email])
    .first('p.id');
  return row !== undefined;
}

export interface Registration {
  id: number;
  gatheringId: number;
  name: string;
  email: string;
  organisation: string;
  profession: string;
  answers: string[];
  language: Language;
  member: boolean;
  status: 'confirmed' | 'waiting' | 'cancelled';
  attended: boolean;
  createdAt: Date;
}

const registrationColumns = [
  'id',
  'gathering_id as gatheringId',
  'name',
  'email',
  'organisation',
  'profession',
  'answers',
  'language',
  'member',
  'status',
  'attended',
  'created_at as createdAt',
];

/** The live (not cancelled) registration of this address, if any. */
export async function liveRegistration(trx: Db, gatheringId: number, email: string) {
  return (await trx('registrations')
    .where({ gathering_id: gatheringId, email })
    .whereNot('status', 'cancelled')
    .first(registrationColumns)) as Registration | undefined;
}

export async function registrationByToken(db: Db, tokenHash: Buffer): Promise<Registration | undefined> {
  return (await db('registrations').where({ cancel_token_hash: tokenHash }).first(registrationColumns)) as
    | Registration
    | undefined;
}

export async function insertRegistration(
  trx: Db,
  row: Omit<Registration, 'id' | 'attended' | 'createdAt'> & { tokenHash: Buffer },
): Promise<Registration> {
  const [inserted] = (await trx('registrations')
    .insert({
      gathering_id: row.gatheringId,
      name: row.name,
      email: row.email,
      organisation: row.organisation,
      profession: row.profession,
      answers: JSON.stringify(row.answers),
      language: row.language,
      member: row.member,
      status: row.status,
      cancel_token_hash: row.tokenHash,
    })
    .returning(registrationColumns)) as Registration[];
  return inserted as Registration;
}

export async function markCancelled(trx: Db, id: number): Promise<boolean> {
  const updated = await trx('registrations')
    .where({ id })
    .whereNot('status', 'cancelled')
    .update({ status: 'cancelled', cancelled_at: trx.fn.now(), updated_at: trx.fn.now() });
  return updated > 0;
}

/** The first `count` on the waiting list, in the order they registered. */
export async function firstWaiting(trx: Db, gatheringId: number, count: number): Promise<Registration[]> {
  if (count <= 0) return [];
  return (await trx('registrations')
    .where({ gathering_id: gatheringId, status: 'waiting' })
    .orderBy(['created_at', 'id'])
    .limit(count)
    .select(registrationColumns)) as Registration[];
}

export async function confirm(trx: Db, ids: number[], tokenHashes: Buffer[]): Promise<void> {
  if (ids.length === 0) return;
  // A promoted registrant gets a fresh cancel link (the first one was in the waiting-list email).
  await trx.raw(
    `update registrations r set status = 'confirmed', cancel_token_hash = v.hash, updated_at = now()
     from unnest(?::int[], ?::bytea[]) as v(id, hash) where r.id = v.id`,
    [ids, tokenHashes],
  );
}

/** Every registration of a fagdag (cancelled last), for KORUS's list and export. */
export async function registrationsOf(db: Db, gatheringId: number): Promise<Registration[]> {
  return (await db('registrations')
    .where({ gathering_id: gatheringId })
    .orderByRaw("case status when 'confirmed' then 0 when 'waiting' then 1 else 2 end, created_at, id")
    .limit(10000)
    .select(registrationColumns)) as Registration[];
}

/** Marks exactly these confirmed registrations present; returns who was present before and after. */
export async function replaceRegistrantAttendance(trx: Db, gatheringId: number, presentIds: number[]) {
  const before = (await trx('registrations')
    .where({ gathering_id: gatheringId, attended: true })
    .orderBy('id')
    .pluck('id')) as number[];
  await trx('registrations')
    .where({ gathering_id: gatheringId })
    .update({
      attended: trx.raw("(id = any(?::int[]) and status = 'confirmed')", [presentIds]),
      updated_at: trx.fn.now(),
    });
  const after = (await trx('registrations')
    .where({ gathering_id: gatheringId, attended: true })
    .orderBy('id')
    .pluck('id')) as number[];
  return { before, after };
}

/**
 * Deletes the registrations of people in no network once `months` have passed since their
 * fagdag ended (the nightly job). Returns how many, per fagdag.
 */
export async function deleteExpiredOutsiders(db: Db, months: number): Promise<{ gatheringId: number; n: number }[]> {
  const { rows } = await db.raw(
    `with gone as (
       delete from registrations r using gatherings g
       where g.id = r.gathering_id and not r.member and ((g.ends_at at time zone 'Europe/Oslo') + make_interval(months => ?)) at time zone 'Europe/Oslo' < now()
       returning r.gathering_id)
     select gathering_id as "gatheringId", count(*)::int as n from gone group by 1`,
    [months],
  );
  return rows as { gatheringId: number; n: number }[];
}
