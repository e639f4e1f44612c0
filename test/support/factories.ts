import { randomBytes } from 'node:crypto';
import type { Db } from '../../src/db/knex';

// Small factories for test data, written straight to the database.

const unique = () => randomBytes(4).toString('hex');

async function insert(db: Db, table: string, row: Record<string, unknown>): Promise<number> {
  const [created] = await db(table).insert(row).returning('id');
  return (created as { id: number }).id;
}

export const makeRegion = (db: Db, row: Record<string, unknown> = {}) =>
  insert(db, 'regions', { name: `Region ${unique()}`, korus_centre: 'KORUS Vest Bergen', ...row });

export const makeSector = async (db: Db, row: Record<string, unknown> = {}) =>
  insert(db, 'sectors', {
    region_id: row.region_id ?? (await makeRegion(db)),
    name: `DPS ${unique()}`,
    health_trust: 'Helse Bergen',
    ...row,
  });

export const makeUnit = async (db: Db, row: Record<string, unknown> = {}) =>
  insert(db, 'units', {
    region_id: row.region_id ?? (await makeRegion(db)),
    organisation: 'Bergen kommune',
    name: `Enhet ${unique()}`,
    service_type: 'municipal',
    ...row,
  });

export const makeParticipant = async (db: Db, row: Record<string, unknown> = {}) =>
  insert(db, 'participants', {
    unit_id: row.unit_id ?? (await makeUnit(db)),
    name: `Person ${unique()}`,
    email: `p${unique()}@kommune.example`,
    profession: 'nurse',
    ...row,
  });

export const makeNetwork = async (db: Db, row: Record<string, unknown> = {}) =>
  insert(db, 'networks', {
    sector_id: row.sector_id ?? (await makeSector(db)),
    name: `ROP-nettverk ${unique()}`,
    ...row,
  });

/** A network in the given region, in a sector of its own there. */
export const makeNetworkInRegion = async (db: Db, regionId: number, row: Record<string, unknown> = {}) =>
  makeNetwork(db, { sector_id: await makeSector(db, { region_id: regionId }), ...row });

export const makeMembership = (
  db: Db,
  row: { network_id: number; participant_id: number; role?: string; starts_on?: string; ends_on?: string },
) => insert(db, 'memberships', { role: 'participant', ...row });

/** A person who is a member of the network (a participant unless `role` says otherwise); returns the person's id. */
export async function makeMember(
  db: Db,
  networkId: number,
  { role = 'participant', ...row }: { role?: string } & Record<string, unknown> = {},
): Promise<number> {
  const participantId = await makeParticipant(db, row);
  await makeMembership(db, { network_id: networkId, participant_id: participantId, role });
  return participantId;
}

/** A KORUS admin for one region, or for every region when regionId is null. */
export async function makeKorusAdmin(db: Db, regionId: number | null): Promise<number> {
  const participantId = await makeParticipant(db, { name: `KORUS ${unique()}`, profession: 'manager' });
  await db('korus_admins').insert({ participant_id: participantId, region_id: regionId });
  return participantId;
}

/**
 * An accepted gathering of one network (or several: a joint fagdag), three hours from `startsAt`,
 * with its people invited when `invite` lists them.
 */
export async function makeGathering(
  db: Db,
  options: { networkIds: number[]; startsAt: Date; invite?: number[] } & Record<string, unknown>,
): Promise<number> {
  const { networkIds, startsAt, invite = [], ...row } = options;
  const id = await insert(db, 'gatherings', {
    starts_at: startsAt,
    ends_at: new Date(startsAt.getTime() + 3 * 3600_000),
    format: 'physical',
    status: 'planned',
    venue: 'Kronstad DPS',
    ...row,
  });
  await db('gathering_networks').insert(networkIds.map((network_id) => ({ gathering_id: id, network_id })));
  if (invite.length > 0)
    await db('invitations').insert(
      invite.map((participant_id) => ({ gathering_id: id, participant_id, sent_version: 1 })),
    );
  return id;
}
