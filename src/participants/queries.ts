import type { PersonRoles } from '../access/policy';
import type { Db } from '../db/knex';
import { updateVersioned } from '../db/versioned';
import { likePattern } from '../db/likePattern';
import { PAGE_SIZE } from '../kernel/pagination';
import type { ParticipantForm, ParticipantListQuery } from './schema';
import { inRegions } from '../db/regionScope';

export interface Participant {
  id: number;
  unitId: number;
  unitName: string;
  organisation: string;
  serviceType: string;
  regionId: number;
  name: string;
  email: string;
  phone: string;
  profession: string;
  isUserRepresentative: boolean;
  isRelativesRepresentative: boolean;
  language: 'nb' | 'nn';
  archivedAt: Date | null;
  erasureRequestedAt: Date | null;
  erasedAt: Date | null;
  version: number;
}

const columns = [
  'p.id',
  'p.unit_id as unitId',
  'u.name as unitName',
  'u.organisation',
  'u.service_type as serviceType',
  'u.region_id as regionId',
  'p.name',
  'p.email',
  'p.phone',
  'p.profession',
  'p.is_user_representative as isUserRepresentative',
  'p.is_relatives_representative as isRelativesRepresentative',
  'p.language',
  'p.archived_at as archivedAt',
  'p.erasure_requested_at as erasureRequestedAt',
  'p.erased_at as erasedAt',
  'p.version',
];

/** A page of participants matching the filters, within `regionIds` (undefined: every region). */
export async function listParticipants(
  db: Db,
  filters: ParticipantListQuery,
  regionIds?: number[],
): Promise<{ rows: Participant[]; total: number }> {
  const query = db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .select(columns)
    .select(db.raw('count(*) over () as total'))
    .orderBy(['p.name', 'p.id'])
    .limit(PAGE_SIZE)
    .offset((filters.page - 1) * PAGE_SIZE);
  if (filters.q)
    query.where((w) => w.whereILike('p.name', likePattern(filters.q)).orWhereILike('p.email', likePattern(filters.q)));
  if (filters.regionId) query.where('u.region_id', filters.regionId);
  if (filters.serviceType) query.where('u.service_type', filters.serviceType);
  if (filters.profession) query.where('p.profession', filters.profession);
  if (!filters.archived) query.whereNull('p.archived_at');
  query.modify(inRegions('u.region_id', regionIds));
  const rows = (await query) as (Participant & { total: number })[];
  return { rows, total: rows[0]?.total ?? 0 };
}

export async function findParticipant(db: Db, id: number): Promise<Participant | undefined> {
  return db('participants as p').join('units as u', 'u.id', 'p.unit_id').select(columns).where('p.id', id).first();
}

/** Every membership the person has had, newest first: the history is never overwritten. */
export async function membershipsOfParticipant(db: Db, participantId: number) {
  return (await db('memberships as m')
    .join('networks as n', 'n.id', 'm.network_id')
    .select('n.id as networkId', 'n.name as networkName', 'm.role', 'm.starts_on as startsOn', 'm.ends_on as endsOn')
    .where('m.participant_id', participantId)
    .orderBy([
      { column: 'm.ends_on', order: 'desc', nulls: 'first' },
      { column: 'm.starts_on', order: 'desc' },
    ])
    .limit(500)) as { networkId: number; networkName: string; role: string; startsOn: string; endsOn: string | null }[];
}

function toRow(form: ParticipantForm) {
  return {
    unit_id: form.unitId,
    name: form.name,
    email: form.email,
    phone: form.phone,
    profession: form.profession,
    is_user_representative: form.isUserRepresentative,
    is_relatives_representative: form.isRelativesRepresentative,
    language: form.language,
  };
}

export async function createParticipant(db: Db, form: ParticipantForm): Promise<number> {
  const [row] = await db('participants').insert(toRow(form)).returning('id');
  return (row as { id: number }).id;
}

export async function updateParticipant(db: Db, id: number, version: number, form: ParticipantForm): Promise<void> {
  await updateVersioned(db, 'participants', id, version, toRow(form));
}

/** The roles that decide who may change the person (accounts/policy.ts, canChangePerson). */
export async function findPersonRoles(db: Db, id: number): Promise<PersonRoles | undefined> {
  const row = (await db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .select('p.id', 'u.region_id as regionId')
    .select(
      db.raw(
        `coalesce((select json_agg(k.region_id) from korus_admins k where k.participant_id = p.id), '[]') as "korus"`,
      ),
      db.raw(`coalesce((select json_agg(json_build_object('networkId', m.network_id, 'role', m.role))
                from memberships m join networks n on n.id = m.network_id
                where m.participant_id = p.id and m.ends_on is null and n.archived_at is null), '[]') as "memberships"`),
    )
    .where('p.id', id)
    .first()) as
    | { id: number; regionId: number; korus: (number | null)[]; memberships: PersonRoles['memberships'] }
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    regionId: row.regionId,
    korusAll: row.korus.includes(null),
    korusRegionIds: row.korus.filter((regionId): regionId is number => regionId !== null),
    memberships: row.memberships,
  };
}
