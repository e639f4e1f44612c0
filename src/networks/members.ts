import type { ServiceType } from '../units/serviceTypes';
import type { Db } from '../db/knex';
import { todayInOslo } from '../kernel/dates';
import type { Role } from '../access/roles';

export interface Member {
  membershipId: number;
  participantId: number;
  name: string;
  email: string;
  profession: string;
  role: Role;
  startsOn: string;
  endsOn: string | null;
  unitId: number;
  unitName: string;
  organisation: string;
  serviceType: string;
  isUserRepresentative: boolean;
  isRelativesRepresentative: boolean;
  /** When the unit's manager confirmed the person's mandate for this network (src/mandates/), or null. */
  mandateConfirmedAt: Date | null;
}

const memberColumns = [
  'm.id as membershipId',
  'p.id as participantId',
  'p.name',
  'p.email',
  'p.profession',
  'm.role',
  'm.starts_on as startsOn',
  'm.ends_on as endsOn',
  'u.id as unitId',
  'u.name as unitName',
  'u.organisation',
  'u.service_type as serviceType',
  'p.is_user_representative as isUserRepresentative',
  'p.is_relatives_representative as isRelativesRepresentative',
  'md.confirmed_at as mandateConfirmedAt',
];

// Bounded: a network is a fixed group of tens of people; 1000 is far beyond any real one.
const MEMBER_LIMIT = 1000;

/** Current members (ends_on null) or past ones, with their unit, in one query. */
export async function networkMembers(db: Db, networkId: number, which: 'current' | 'past'): Promise<Member[]> {
  const query = db('memberships as m')
    .join('participants as p', 'p.id', 'm.participant_id')
    .join('units as u', 'u.id', 'p.unit_id')
    .leftJoin('mandates as md', 'md.membership_id', 'm.id')
    .select(memberColumns)
    .where('m.network_id', networkId)
    .orderBy([{ column: 'p.name' }, { column: 'm.starts_on', order: 'desc' }])
    .limit(MEMBER_LIMIT);
  return which === 'current' ? query.whereNull('m.ends_on') : query.whereNotNull('m.ends_on');
}

export async function findMembership(db: Db, networkId: number, membershipId: number) {
  return db('memberships').where({ id: membershipId, network_id: networkId }).whereNull('ends_on').first();
}

export async function addMembership(db: Db, networkId: number, participantId: number, role: Role): Promise<void> {
  await db('memberships').insert({
    network_id: networkId,
    participant_id: participantId,
    role,
    starts_on: todayInOslo(),
  });
}

/** Ends a membership today; the row stays as history. */
export async function endMembership(db: Db, membershipId: number): Promise<void> {
  await db('memberships')
    .where({ id: membershipId })
    .whereNull('ends_on')
    .update({ ends_on: todayInOslo(), updated_at: db.fn.now() });
}

/** A new role is a new membership period: the old one ends today, so history shows who led when. */
export async function changeRole(db: Db, networkId: number, membershipId: number, role: Role): Promise<void> {
  const current = await db('memberships')
    .where({ id: membershipId, network_id: networkId })
    .whereNull('ends_on')
    .forUpdate()
    .first();
  if (!current || current.role === role) return;
  await endMembership(db, membershipId);
  await addMembership(db, networkId, current.participant_id as number, role);
}

/** Participants in the network's region who are not current members, grouped by unit for a picker. */
export async function membershipCandidates(db: Db, networkId: number, regionId: number) {
  return (await db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .select('p.id', 'p.name', 'u.name as unitName', 'u.organisation')
    .where('u.region_id', regionId)
    .whereNull('p.archived_at')
    .whereNotExists(
      db('memberships as m')
        .select(db.raw('1'))
        .whereRaw('m.participant_id = p.id')
        .where('m.network_id', networkId)
        .whereNull('m.ends_on'),
    )
    .orderBy(['u.organisation', 'u.name', 'p.name'])
    .limit(2000)) as { id: number; name: string; unitName: string; organisation: string }[];
}

export interface MemberUnit {
  networkUnitId: number;
  unitId: number;
  name: string;
  organisation: string;
  serviceType: string;
  canHost: boolean;
  managerName: string;
  joinedOn: string;
}

export async function memberUnits(db: Db, networkId: number): Promise<MemberUnit[]> {
  return db('network_units as nu')
    .join('units as u', 'u.id', 'nu.unit_id')
    .select(
      'nu.id as networkUnitId',
      'u.id as unitId',
      'u.name',
      'u.organisation',
      'u.service_type as serviceType',
      'u.can_host as canHost',
      'u.manager_name as managerName',
      'nu.joined_on as joinedOn',
    )
    .where('nu.network_id', networkId)
    .whereNull('nu.left_on')
    .orderByRaw(
      "array_position(array['municipal','mentalHealth','addiction','welfare','userOrganisation','other'], u.service_type), u.organisation, u.name",
    )
    .limit(MEMBER_LIMIT);
}

export async function unitCandidates(db: Db, networkId: number, regionId: number) {
  return (await db('units as u')
    .select('u.id', 'u.name', 'u.organisation')
    .where('u.region_id', regionId)
    .whereNull('u.archived_at')
    .whereNotExists(
      db('network_units as nu')
        .select(db.raw('1'))
        .whereRaw('nu.unit_id = u.id')
        .where('nu.network_id', networkId)
        .whereNull('nu.left_on'),
    )
    .orderBy(['u.organisation', 'u.name'])
    .limit(2000)) as { id: number; name: string; organisation: string }[];
}

export async function addMemberUnit(db: Db, networkId: number, unitId: number): Promise<void> {
  await db('network_units').insert({ network_id: networkId, unit_id: unitId, joined_on: todayInOslo() });
}

/** Ends a unit's membership today; gives the unit's id, or undefined if it was not a current member. */
export async function endMemberUnit(db: Db, networkId: number, networkUnitId: number): Promise<number | undefined> {
  const [row] = await db('network_units')
    .where({ id: networkUnitId, network_id: networkId })
    .whereNull('left_on')
    .update({ left_on: todayInOslo(), updated_at: db.fn.now() })
    .returning('unit_id');
  return row?.unit_id;
}

/** The network's current leader, who invitations come from. */
export async function networkLeader(db: Db, networkId: number): Promise<{ name: string; email: string } | undefined> {
  return db('memberships as m')
    .join('participants as p', 'p.id', 'm.participant_id')
    .where({ 'm.network_id': networkId, 'm.role': 'leader' })
    .whereNull('m.ends_on')
    .first('p.name', 'p.email');
}

export interface PlanningUnit {
  id: number;
  name: string;
  organisation: string;
  serviceType: ServiceType;
  canHost: boolean;
  joinedOn: string;
  leftOn: string | null;
  address: string;
  managerName: string;
  managerEmail: string;
}

/** Units still members on `today` (YYYY-MM-DD). */
export const currentUnits = <T extends { leftOn: string | null }>(units: T[], today: string): T[] =>
  units.filter((u) => !u.leftOn || u.leftOn > today);

/** Every unit that is or was a member, with when it joined and left: the rotation's population. */
export async function planningUnits(db: Db, networkId: number): Promise<PlanningUnit[]> {
  return db('network_units as nu')
    .join('units as u', 'u.id', 'nu.unit_id')
    .select(
      'u.id',
      'u.name',
      'u.organisation',
      'u.service_type as serviceType',
      db.raw('(u.can_host and u.archived_at is null) as "canHost"'),
      'nu.joined_on as joinedOn',
      db.raw(
        'coalesce(nu.left_on, case when u.archived_at is not null then (u.archived_at at time zone \'Europe/Oslo\')::date end)::text as "leftOn"',
      ),
      'u.address',
      'u.manager_name as managerName',
      'u.manager_email as managerEmail',
    )
    .where('nu.network_id', networkId)
    .orderBy(['nu.joined_on', 'u.id'])
    .limit(1000);
}
