// What an audit entry refers to by id, and the names those ids have when the log is read.
// Plain data and functions: no database, no HTTP.

export type Changes = Record<string, { before: unknown; after: unknown }>;

export interface AuditEntry {
  actorId: number | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: number | null;
  changes: Changes;
}

export type ReferencedTable = 'participants' | 'units' | 'networks' | 'gatherings' | 'regions' | 'sectors';
export type References = Record<ReferencedTable, Set<number>>;

export interface GatheringName {
  startsAt: Date;
  networkNames: string[];
}

/** The names of the rows an entry refers to, as they are now. */
export interface Names {
  participants: Map<number, { name: string; erased: boolean }>;
  units: Map<number, string>;
  networks: Map<number, string>;
  gatherings: Map<number, GatheringName>;
  regions: Map<number, string>;
  sectors: Map<number, string>;
}

/** The table an entry's entity id is a row of (indicators are filed under their sector). */
export const ENTITY_TABLES: Record<string, ReferencedTable> = {
  participants: 'participants',
  units: 'units',
  networks: 'networks',
  gatherings: 'gatherings',
  regions: 'regions',
  sectors: 'sectors',
  sector_indicators: 'sectors',
};

/** Fields whose values (a number, or a list of them) are ids of rows in another table. */
export const ID_FIELDS: Record<string, ReferencedTable> = {
  participantId: 'participants',
  forParticipantId: 'participants',
  present: 'participants',
  unitId: 'units',
  hostUnitId: 'units',
  presenterUnitIds: 'units',
  responsibleUnitId: 'units',
  networkIds: 'networks',
  first: 'gatherings',
  second: 'gatherings',
  regionId: 'regions',
  region: 'regions',
  sectorId: 'sectors',
  sector: 'sectors',
};

const emptyReferences = (): References => ({
  participants: new Set(),
  units: new Set(),
  networks: new Set(),
  gatherings: new Set(),
  regions: new Set(),
  sectors: new Set(),
});

/** Every id the entries refer to (who did it, what it changed, ids in its fields), by table. */
export function referencesOf(entries: AuditEntry[]): References {
  const references = emptyReferences();
  for (const entry of entries) {
    if (entry.actorId !== null) references.participants.add(entry.actorId);
    const table = own(ENTITY_TABLES, entry.entityType);
    if (table && entry.entityId !== null) references[table].add(entry.entityId);
    for (const [field, change] of Object.entries(entry.changes)) {
      collect(references, field, change.before);
      collect(references, field, change.after);
    }
  }
  return references;
}

function collect(references: References, field: string, value: unknown): void {
  const table = own(ID_FIELDS, field);
  if (Array.isArray(value)) for (const item of value) collect(references, field, item);
  else if (isRecord(value)) for (const [key, inner] of Object.entries(value)) collect(references, key, inner);
  else if (table && isId(value)) references[table].add(value);
}

/** `record[key]` for the record's own keys only: a key read from data never reaches Object.prototype. */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(record, key) ? record[key] : undefined;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isId = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= 2_147_483_647;
