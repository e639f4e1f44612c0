import type { Db } from '../db/knex';
import { updateVersioned, StaleEditError } from '../db/versioned';
import type { CatalogueQuery, ProfileForm } from './schema';

/** A unit with its profile (empty texts and no confirmation when it has none yet). */
export interface UnitProfile {
  unitId: number;
  regionId: number;
  regionName: string;
  organisation: string;
  name: string;
  serviceType: string;
  address: string;
  managerEmail: string;
  archivedAt: Date | null;
  hasProfile: boolean;
  offer: string;
  targetGroup: string;
  howToContact: string;
  contactEmail: string;
  contactPhone: string;
  openingHours: string;
  needsFromOthers: string;
  municipalities: string[];
  confirmedAt: Date | null;
  updatedAt: Date | null;
  version: number;
}

const profileColumns = [
  'u.id as unitId',
  'u.region_id as regionId',
  'r.name as regionName',
  'u.organisation',
  'u.name',
  'u.service_type as serviceType',
  'u.address',
  'u.manager_email as managerEmail',
  'u.archived_at as archivedAt',
  'sp.offer',
  'sp.target_group as targetGroup',
  'sp.how_to_contact as howToContact',
  'sp.contact_email as contactEmail',
  'sp.contact_phone as contactPhone',
  'sp.opening_hours as openingHours',
  'sp.needs_from_others as needsFromOthers',
  'sp.municipalities',
  'sp.confirmed_at as confirmedAt',
  'sp.updated_at as updatedAt',
  'sp.version',
];

type ProfileRow = Omit<UnitProfile, 'hasProfile'> & { version: number | null };
const toProfile = (row: ProfileRow): UnitProfile => ({
  ...row,
  hasProfile: row.version !== null,
  offer: row.offer ?? '',
  targetGroup: row.targetGroup ?? '',
  howToContact: row.howToContact ?? '',
  contactEmail: row.contactEmail ?? '',
  contactPhone: row.contactPhone ?? '',
  openingHours: row.openingHours ?? '',
  needsFromOthers: row.needsFromOthers ?? '',
  municipalities: row.municipalities ?? [],
  version: row.version ?? 0,
});

const unitsWithProfiles = (db: Db) =>
  db('units as u')
    .join('regions as r', 'r.id', 'u.region_id')
    .leftJoin('service_profiles as sp', 'sp.unit_id', 'u.id')
    .select(profileColumns);

/** One unit's profile page, with the networks it belongs to now (they decide who may edit it). */
export async function findUnitProfile(
  db: Db,
  unitId: number,
): Promise<(UnitProfile & { networks: { id: number; name: string }[]; networkIds: number[] }) | undefined> {
  const row = (await unitsWithProfiles(db).where('u.id', unitId).first()) as ProfileRow | undefined;
  if (!row) return undefined;
  const networks = (await db('network_units as nu')
    .join('networks as n', 'n.id', 'nu.network_id')
    .where('nu.unit_id', unitId)
    .whereNull('nu.left_on')
    .whereNull('n.archived_at')
    .orderBy('n.name')
    .limit(500)
    .select('n.id', 'n.name')) as { id: number; name: string }[];
  return { ...toProfile(row), networks, networkIds: networks.map((n) => n.id) };
}

/**
 * The region's catalogue: its active units with their profiles, filtered by service type,
 * municipality, DPS sector (the units in that sector's networks) and free text. Free text is
 * PostgreSQL's Norwegian text search (stemmed: "rusbehandling" finds "rusbehandlingen") over the
 * profile and the unit's name, best matches first.
 */
export async function searchCatalogue(db: Db, regionId: number, filters: CatalogueQuery): Promise<UnitProfile[]> {
  const query = unitsWithProfiles(db).where('u.region_id', regionId).whereNull('u.archived_at').limit(1000);
  if (filters.serviceType) query.where('u.service_type', filters.serviceType);
  if (filters.municipality) query.whereRaw('? = any(sp.municipalities)', [filters.municipality]);
  if (filters.sectorId)
    query.whereExists((sub) =>
      sub
        .select(db.raw('1'))
        .from('network_units as nu')
        .join('networks as n', 'n.id', 'nu.network_id')
        .whereRaw('nu.unit_id = u.id')
        .whereNull('nu.left_on')
        .where('n.sector_id', filters.sectorId as number),
    );
  if (filters.q) {
    const match = "websearch_to_tsquery('norwegian', ?)";
    query
      .whereRaw(`(sp.search @@ ${match} or to_tsvector('norwegian', u.organisation || ' ' || u.name) @@ ${match})`, [
        filters.q,
        filters.q,
      ])
      .orderByRaw(`ts_rank(coalesce(sp.search, ''::tsvector), ${match}) desc`, [filters.q]);
  }
  query.orderBy(['u.organisation', 'u.name']);
  return ((await query) as ProfileRow[]).map(toProfile);
}

/** Units whose profile is missing or was last confirmed more than 12 months ago: for KORUS. */
export async function staleProfiles(db: Db, regionId: number, now: Date = new Date()): Promise<UnitProfile[]> {
  const rows = (await unitsWithProfiles(db)
    .where('u.region_id', regionId)
    .whereNull('u.archived_at')
    .where((w) =>
      w.whereNull('sp.confirmed_at').orWhereRaw("sp.confirmed_at < ?::timestamptz - interval '12 months'", [now]),
    )
    .orderBy(['u.organisation', 'u.name'])
    .limit(1000)) as ProfileRow[];
  return rows.map(toProfile);
}

/** The current member units of a network with their profiles: the printable sheet. */
export async function networkProfiles(db: Db, networkId: number): Promise<UnitProfile[]> {
  const rows = (await unitsWithProfiles(db)
    .join('network_units as nu', 'nu.unit_id', 'u.id')
    .where('nu.network_id', networkId)
    .whereNull('nu.left_on')
    .whereNull('u.archived_at')
    .orderBy(['u.service_type', 'u.organisation', 'u.name'])
    .limit(500)) as ProfileRow[];
  return rows.map(toProfile);
}

/** The municipalities the region's DPS sectors cover: the choices for a profile and the search. */
export async function regionMunicipalities(db: Db, regionId: number): Promise<string[]> {
  const { rows } = await db.raw(
    `select distinct m from sectors s, unnest(s.municipalities) as m
     where s.region_id = ? and s.archived_at is null and m <> '' order by m limit 1000`,
    [regionId],
  );
  return (rows as { m: string }[]).map((row) => row.m);
}

export async function regionSectors(db: Db, regionId: number) {
  return db('sectors')
    .where({ region_id: regionId })
    .whereNull('archived_at')
    .orderBy('name')
    .limit(500)
    .select('id', 'name');
}

export async function findRegion(db: Db, regionId: number) {
  return db('regions').where({ id: regionId }).first('id', 'name');
}

/** The region of the person's own unit: where /catalogue takes them. */
export async function regionOfParticipant(db: Db, participantId: number): Promise<number | undefined> {
  const row = await db('participants as p')
    .join('units as u', 'u.id', 'p.unit_id')
    .where('p.id', participantId)
    .first('u.region_id as regionId');
  return (row as { regionId: number } | undefined)?.regionId;
}

const toRow = (form: ProfileForm) => ({
  offer: form.offer,
  target_group: form.targetGroup,
  how_to_contact: form.howToContact,
  contact_email: form.contactEmail,
  contact_phone: form.contactPhone,
  opening_hours: form.openingHours,
  needs_from_others: form.needsFromOthers,
  municipalities: form.municipalities,
});

/**
 * Saves a profile at the version its form was read at (0: it had none), and counts as a
 * confirmation: whoever saves it has just read it through.
 */
export async function saveProfile(trx: Db, unitId: number, form: ProfileForm): Promise<void> {
  if (form.version === 0) {
    const inserted = await trx('service_profiles')
      .insert({ unit_id: unitId, ...toRow(form), confirmed_at: trx.fn.now() })
      .onConflict('unit_id')
      .ignore()
      .returning('unit_id');
    if (inserted.length === 0) throw new StaleEditError('service_profiles', { unit_id: unitId });
    return;
  }
  await updateVersioned(trx, 'service_profiles', { unit_id: unitId }, form.version, {
    ...toRow(form),
    confirmed_at: trx.fn.now(),
  });
}

/** "Still right": the profile's confirmation date only. */
export async function confirmProfile(trx: Db, unitId: number): Promise<boolean> {
  const updated = await trx('service_profiles')
    .where({ unit_id: unitId })
    .update({ confirmed_at: trx.fn.now(), updated_at: trx.fn.now(), version: trx.raw('version + 1') });
  return updated > 0;
}
