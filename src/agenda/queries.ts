import type { Db } from '../db/knex';
import type { AgendaItem, TemplateItem } from './checks';
import type { AgendaSnapshot } from './snapshot';

export interface StoredItem extends AgendaItem {
  id: number;
  position: number;
  description: string;
  responsibleUnitName: string | null;
  responsibleOrganisation: string | null;
}

/** The network's settings an agenda is checked and built with. */
export async function agendaSettings(db: Db, networkId: number) {
  return (await db('networks')
    .where({ id: networkId })
    .first(
      'min_exchange_percent as minExchangePercent',
      'agenda_due_days as agendaDueDays',
      'agenda_template as agendaTemplate',
    )) as { minExchangePercent: number; agendaDueDays: number; agendaTemplate: TemplateItem[] | null };
}

/** The network's own agenda template, or none (Samling's default). */
export async function setAgendaTemplate(db: Db, networkId: number, items: TemplateItem[] | null): Promise<void> {
  await db('networks')
    .where({ id: networkId })
    .update({ agenda_template: items === null ? null : JSON.stringify(items), updated_at: db.fn.now() });
}

export async function agendaItems(db: Db, gatheringId: number): Promise<StoredItem[]> {
  return db('agenda_items as a')
    .leftJoin('units as u', 'u.id', 'a.responsible_unit_id')
    .where('a.gathering_id', gatheringId)
    .orderBy('a.position')
    .limit(100)
    .select(
      'a.id',
      'a.position',
      'a.kind',
      'a.title',
      'a.description',
      'a.duration_minutes as durationMinutes',
      'a.responsible_unit_id as responsibleUnitId',
      'a.responsible_person as responsiblePerson',
      'a.anonymised_confirmed as anonymisedConfirmed',
      'u.name as responsibleUnitName',
      'u.organisation as responsibleOrganisation',
    );
}

type ItemFields = Omit<AgendaItem, never> & { description: string };

const toRow = (item: ItemFields) => ({
  kind: item.kind,
  title: item.title,
  description: item.description,
  duration_minutes: item.durationMinutes,
  responsible_unit_id: item.responsibleUnitId,
  responsible_person: item.responsiblePerson,
  anonymised_confirmed: item.anonymisedConfirmed,
});

export async function addItem(db: Db, gatheringId: number, item: ItemFields): Promise<void> {
  const { max } = (await db('agenda_items').where({ gathering_id: gatheringId }).max({ max: 'position' }).first()) as {
    max: number | null;
  };
  await db('agenda_items').insert({ gathering_id: gatheringId, position: (max ?? 0) + 1, ...toRow(item) });
}

export async function updateItem(db: Db, gatheringId: number, itemId: number, item: ItemFields): Promise<boolean> {
  return (
    (await db('agenda_items')
      .where({ id: itemId, gathering_id: gatheringId })
      .update({ ...toRow(item), updated_at: db.fn.now() })) > 0
  );
}

export async function removeItem(db: Db, gatheringId: number, itemId: number): Promise<boolean> {
  return (await db('agenda_items').where({ id: itemId, gathering_id: gatheringId }).delete()) > 0;
}

/** Swaps an item with its neighbour above or below (the unique position is checked at commit). */
export async function moveItem(
  db: Db,
  gatheringId: number,
  itemId: number,
  direction: 'up' | 'down',
): Promise<boolean> {
  const item = await db('agenda_items').where({ id: itemId, gathering_id: gatheringId }).first('id', 'position');
  if (!item) return false;
  const neighbour = await db('agenda_items')
    .where({ gathering_id: gatheringId })
    .where('position', direction === 'up' ? '<' : '>', item.position)
    .orderBy('position', direction === 'up' ? 'desc' : 'asc')
    .first('id', 'position');
  if (!neighbour) return true;
  await db('agenda_items').where({ id: item.id }).update({ position: neighbour.position });
  await db('agenda_items').where({ id: neighbour.id }).update({ position: item.position });
  return true;
}

export async function agendaVersions(db: Db, gatheringId: number) {
  return (await db('agenda_versions as v')
    .leftJoin('participants as p', 'p.id', 'v.published_by')
    .where('v.gathering_id', gatheringId)
    .orderBy('v.version', 'desc')
    .limit(100)
    .select('v.version', 'v.published_at as publishedAt', 'p.name as publishedBy', 'v.snapshot')) as {
    version: number;
    publishedAt: Date;
    publishedBy: string | null;
    snapshot: AgendaSnapshot;
  }[];
}

export async function publishVersion(
  db: Db,
  gatheringId: number,
  snapshot: AgendaSnapshot,
  publishedBy: number,
): Promise<number> {
  const { max } = (await db('agenda_versions')
    .where({ gathering_id: gatheringId })
    .max({ max: 'version' })
    .first()) as { max: number | null };
  const version = (max ?? 0) + 1;
  await db('agenda_versions').insert({
    gathering_id: gatheringId,
    version,
    snapshot: JSON.stringify(snapshot),
    published_by: publishedBy,
  });
  return version;
}

/**
 * Topics for the picker: the network's own, its region's and the shared bank, with when the
 * network last had each before this gathering (the topic just chosen for it does not count) and
 * how many other networks in the region have used it.
 */
export async function topicChoices(
  db: Db,
  networkId: number,
  regionId: number,
  gathering: { id: number; startsAt: Date },
) {
  return (await db('topics as t')
    .where((w) => w.whereNull('t.region_id').whereNull('t.network_id'))
    .orWhere((w) => w.where('t.region_id', regionId).whereNull('t.network_id'))
    .orWhere('t.network_id', networkId)
    .orderBy('t.title')
    .limit(500)
    .select(
      't.id',
      't.title',
      't.description',
      db.raw(
        `(select max(g.starts_at) from gatherings g join gathering_networks gn on gn.gathering_id = g.id
               where g.topic_id = t.id and gn.network_id = ? and g.status <> 'cancelled' and g.id <> ? and g.starts_at < ?) as "coveredAt"`,
        [networkId, gathering.id, gathering.startsAt],
      ),
      db.raw(
        `(select count(distinct gn.network_id) from gatherings g join gathering_networks gn on gn.gathering_id = g.id
               join networks n on n.id = gn.network_id join sectors s on s.id = n.sector_id
               where g.topic_id = t.id and s.region_id = ? and gn.network_id <> ?) as "usedInRegion"`,
        [regionId, networkId],
      ),
    )) as { id: number; title: string; description: string; coveredAt: Date | null; usedInRegion: number }[];
}

/**
 * A new topic's id: kept for the network, or shared with the region. A topic of the same title
 * (in any case) already there is reused.
 */
export async function findOrCreateTopic(
  db: Db,
  topic: { title: string; networkId: number; regionId: number; shareWithRegion: boolean; createdBy: number },
): Promise<number> {
  const scope = topic.shareWithRegion
    ? { region_id: topic.regionId, network_id: null }
    : { region_id: null, network_id: topic.networkId };
  const existing = await db('topics').where(scope).whereRaw('lower(title) = lower(?)', [topic.title]).first('id');
  if (existing) return existing.id as number;
  const [created] = (await db('topics')
    .insert({ ...scope, title: topic.title, created_by: topic.createdBy })
    .returning('id')) as { id: number }[];
  return (created as { id: number }).id;
}

/** Sets a gathering's topic; the version bump marks the gathering as changed. */
export async function setGatheringTopic(db: Db, gatheringId: number, topicId: number, title: string): Promise<void> {
  await db('gatherings')
    .where({ id: gatheringId })
    .update({ topic: title, topic_id: topicId, version: db.raw('version + 1'), updated_at: db.fn.now() });
}

/** The topics a network has covered, newest first. */
export async function coveredTopics(db: Db, networkId: number) {
  return db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('gn.network_id', networkId)
    .whereNot('g.topic', '')
    .where('g.status', 'planned')
    .where('g.starts_at', '<', db.fn.now())
    .orderBy('g.starts_at', 'desc')
    .limit(50)
    .select('g.id', 'g.topic', 'g.starts_at as startsAt') as Promise<{ id: number; topic: string; startsAt: Date }[]>;
}

/**
 * Gatherings whose agenda is late: due `agenda_due_days` before the gathering, still ahead, and
 * not published. For one network, or every network of a region; one query either way.
 */
export async function lateAgendas(db: Db, scope: { networkId: number } | { regionId: number }) {
  const query = db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .join('networks as n', 'n.id', 'gn.network_id')
    .where('g.status', 'planned')
    .where('g.starts_at', '>', db.fn.now())
    .whereRaw('g.starts_at - make_interval(days => n.agenda_due_days) <= now()')
    .whereNotExists(db('agenda_versions as v').select(db.raw('1')).whereRaw('v.gathering_id = g.id'))
    .select('g.id', 'g.starts_at as startsAt', 'n.id as networkId', 'n.name as networkName')
    .orderBy('g.starts_at')
    .limit(500);
  if ('networkId' in scope) query.where('n.id', scope.networkId);
  else query.whereIn('n.sector_id', db('sectors').select('id').where({ region_id: scope.regionId }));
  return (await query) as { id: number; startsAt: Date; networkId: number; networkName: string }[];
}
