import type { Db } from '../db/knex';
import type { MediaType } from './content';

/** A material as lists and checks see it: everything but its bytes. */
export interface Material {
  id: number;
  networkId: number;
  regionId: number;
  gatheringId: number;
  agendaItemId: number | null;
  itemTitle: string | null;
  fileName: string;
  mediaType: MediaType;
  byteSize: number;
  uploadedBy: number | null;
  uploaderName: string | null;
  sharedWithRegion: boolean;
  createdAt: Date;
}

/** A material in a library: with its gathering's date and topic and its network's name. */
export interface LibraryMaterial extends Material {
  startsAt: Date;
  topic: string;
  networkName: string;
}

const materialQuery = (db: Db) =>
  db('materials as m')
    .join('networks as n', 'n.id', 'm.network_id')
    .join('sectors as s', 's.id', 'n.sector_id')
    .leftJoin('agenda_items as a', 'a.id', 'm.agenda_item_id')
    .leftJoin('participants as p', 'p.id', 'm.uploaded_by')
    .select(
      'm.id',
      'm.network_id as networkId',
      's.region_id as regionId',
      'm.gathering_id as gatheringId',
      'm.agenda_item_id as agendaItemId',
      'a.title as itemTitle',
      'm.file_name as fileName',
      'm.media_type as mediaType',
      'm.byte_size as byteSize',
      'm.uploaded_by as uploadedBy',
      'p.name as uploaderName',
      'm.shared_with_region as sharedWithRegion',
      'm.created_at as createdAt',
    );

const libraryQuery = (db: Db) =>
  materialQuery(db)
    .join('gatherings as g', 'g.id', 'm.gathering_id')
    .select('g.starts_at as startsAt', 'g.topic', 'n.name as networkName')
    .orderBy([{ column: 'g.starts_at', order: 'desc' }, 'm.id']);

export async function findMaterial(db: Db, id: number): Promise<Material | undefined> {
  return (await materialQuery(db).where('m.id', id).first()) as Material | undefined;
}

export async function materialContent(db: Db, id: number): Promise<Buffer> {
  return ((await db('materials').where({ id }).first('content')) as { content: Buffer }).content;
}

/** A gathering's materials, the gathering's own first, then by agenda item, oldest first. */
export async function materialsOfGathering(db: Db, gatheringId: number): Promise<Material[]> {
  return (await materialQuery(db)
    .where('m.gathering_id', gatheringId)
    .orderByRaw('a.position nulls first, m.id')) as Material[];
}

/** The network's library: the materials of its gatherings that have begun, newest gathering first. */
export async function libraryOfNetwork(db: Db, networkId: number, now: Date): Promise<LibraryMaterial[]> {
  return (await libraryQuery(db)
    .whereExists(
      db('gathering_networks as gn')
        .select(db.raw('1'))
        .whereRaw('gn.gathering_id = m.gathering_id')
        .where('gn.network_id', networkId),
    )
    .where('g.starts_at', '<=', now)
    .limit(500)) as LibraryMaterial[];
}

/** What KORUS has shared with the region: materials of its networks' gatherings, newest gathering first. */
export async function sharedInRegion(db: Db, regionId: number): Promise<LibraryMaterial[]> {
  return (await libraryQuery(db)
    .where('s.region_id', regionId)
    .where('m.shared_with_region', true)
    .limit(500)) as LibraryMaterial[];
}

/** The gathering's agenda items, in order, to attach a material to. */
export async function agendaItemChoices(db: Db, gatheringId: number): Promise<{ id: number; title: string }[]> {
  return db('agenda_items').where({ gathering_id: gatheringId }).orderBy('position').select('id', 'title');
}

export async function isInvitedTo(db: Db, gatheringId: number, participantId: number): Promise<boolean> {
  return (
    (await db('invitations')
      .where({ gathering_id: gatheringId })
      .where((q) => q.where({ participant_id: participantId }).orWhere({ stands_in_for: participantId }))
      .first('id')) !== undefined
  );
}

/** Bytes the network's materials take, read with the network's row locked so two uploads cannot both pass the quota. */
export async function lockedNetworkUsage(trx: Db, networkId: number): Promise<number> {
  await trx('networks').where({ id: networkId }).forUpdate().first('id');
  const row = (await trx('materials').where({ network_id: networkId }).sum({ bytes: 'byte_size' }).first()) as
    | { bytes: string | null }
    | undefined;
  return Number(row?.bytes ?? 0);
}

export async function insertMaterial(
  trx: Db,
  row: {
    networkId: number;
    gatheringId: number;
    agendaItemId: number | null;
    fileName: string;
    mediaType: MediaType;
    content: Buffer;
    uploadedBy: number;
  },
): Promise<number> {
  const [inserted] = await trx('materials')
    .insert({
      network_id: row.networkId,
      gathering_id: row.gatheringId,
      agenda_item_id: row.agendaItemId,
      file_name: row.fileName,
      media_type: row.mediaType,
      byte_size: row.content.length,
      content: row.content,
      uploaded_by: row.uploadedBy,
    })
    .returning('id');
  return (inserted as { id: number }).id;
}

export async function deleteMaterial(trx: Db, id: number): Promise<void> {
  await trx('materials').where({ id }).delete();
}

export async function setSharedWithRegion(trx: Db, id: number, shared: boolean): Promise<void> {
  await trx('materials').where({ id }).update({ shared_with_region: shared });
}

/** The networks a gathering belongs to (a joint fagdag has several). */
export async function networkIdsOfGathering(db: Db, gatheringId: number): Promise<number[]> {
  return db('gathering_networks').where({ gathering_id: gatheringId }).orderBy('network_id').pluck('network_id');
}
