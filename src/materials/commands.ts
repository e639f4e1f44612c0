import { type AuditContext, recordAudit } from '../audit/record';
import type { Db } from '../db/knex';
import { inspectMaterial, type Place } from './content';
import {
  agendaItemChoices,
  deleteMaterial,
  insertMaterial,
  lockedNetworkUsage,
  type Material,
  setSharedWithRegion,
} from './queries';
import { fileNameField } from './schema';

export const MATERIAL_LIMITS = { fileBytes: 20 * 1024 * 1024 } as const;

/** Why a file was not kept: a catalogue key under materials.errors and what it names. */
export class MaterialRefusal extends Error {
  constructor(
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

const placeRefusal = (place: Place) =>
  place.kind === 'document'
    ? new MaterialRefusal('fnr.document')
    : new MaterialRefusal(`fnr.${place.kind}`, { number: place.number });

/**
 * Checks a file and keeps it with the gathering (or one of its agenda items), counted against the
 * network's quota, audited; a refused file writes nothing. The name passes the privacy guard like
 * any typed name; the content must be one of the kinds allowed and hold no identity number.
 */
export async function uploadMaterial(
  db: Db,
  input: {
    file: Buffer;
    fileName: string;
    gatheringId: number;
    network: { id: number; regionId: number };
    agendaItemId: number | null;
    uploadedBy: number;
    quotaBytes: number;
    audit: AuditContext;
  },
): Promise<number> {
  if (input.file.length === 0) throw new MaterialRefusal('empty');
  if (input.file.length > MATERIAL_LIMITS.fileBytes) throw new MaterialRefusal('tooLarge', { megabytes: 20 });
  const name = fileNameField.safeParse(input.fileName);
  if (!name.success) {
    throw new MaterialRefusal(name.error.issues.some((i) => i.message === 'errors.fnr') ? 'fnr.name' : 'name');
  }
  const items = await agendaItemChoices(db, input.gatheringId);
  const item = input.agendaItemId === null ? undefined : items.find((i) => i.id === input.agendaItemId);
  if (input.agendaItemId !== null && !item) throw new MaterialRefusal('item');
  const inspection = await inspectMaterial(input.file);
  if (!inspection.ok)
    throw inspection.reason === 'fnr' ? placeRefusal(inspection.place) : new MaterialRefusal(inspection.reason);
  return db.transaction(async (trx) => {
    const used = await lockedNetworkUsage(trx, input.network.id);
    if (used + input.file.length > input.quotaBytes) {
      throw new MaterialRefusal('quota', { megabytes: Math.round(input.quotaBytes / 1024 / 1024) });
    }
    const id = await insertMaterial(trx, {
      networkId: input.network.id,
      gatheringId: input.gatheringId,
      agendaItemId: input.agendaItemId,
      fileName: name.data,
      mediaType: inspection.mediaType,
      content: input.file,
      uploadedBy: input.uploadedBy,
    });
    await recordAudit(trx, input.audit, {
      action: 'uploadMaterial',
      entityType: 'gatherings',
      entityId: input.gatheringId,
      regionId: input.network.regionId,
      after: { file: name.data, agendaItem: item?.title ?? null },
    });
    return id;
  });
}

export async function removeMaterial(db: Db, material: Material, audit: AuditContext): Promise<void> {
  await db.transaction(async (trx) => {
    await deleteMaterial(trx, material.id);
    await recordAudit(trx, audit, {
      action: 'deleteMaterial',
      entityType: 'gatherings',
      entityId: material.gatheringId,
      regionId: material.regionId,
      before: { file: material.fileName, agendaItem: material.itemTitle },
      after: { file: null, agendaItem: null },
    });
  });
}

export async function shareMaterial(db: Db, material: Material, shared: boolean, audit: AuditContext): Promise<void> {
  if (material.sharedWithRegion === shared) return;
  await db.transaction(async (trx) => {
    await setSharedWithRegion(trx, material.id, shared);
    await recordAudit(trx, audit, {
      action: 'shareMaterial',
      entityType: 'gatherings',
      entityId: material.gatheringId,
      regionId: material.regionId,
      about: { file: material.fileName },
      before: { sharedWithRegion: material.sharedWithRegion },
      after: { sharedWithRegion: shared },
    });
  });
}
