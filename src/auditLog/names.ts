import type { Db } from '../db/knex';
import type { GatheringName, Names, References } from '../audit/references';

/**
 * The current names of everything a page of the audit log refers to: one query per table that is
 * referred to at all, however many entries and ids the page has.
 */
export async function resolveNames(db: Db, references: References): Promise<Names> {
  const ids = (table: keyof References) => [...references[table]];
  const [participants, units, networks, gatherings, regions, sectors] = await Promise.all([
    whenAny(
      ids('participants'),
      (list) =>
        db('participants')
          .whereIn('id', list)
          .select('id', 'name', db.raw('erased_at is not null as erased')) as Promise<
          { id: number; name: string; erased: boolean }[]
        >,
    ),
    whenAny(
      ids('units'),
      (list) =>
        db('units').whereIn('id', list).select('id', db.raw("organisation || ' – ' || name as name")) as Promise<
          Named[]
        >,
    ),
    whenAny(ids('networks'), (list) => db('networks').whereIn('id', list).select('id', 'name') as Promise<Named[]>),
    whenAny(ids('gatherings'), (list) => gatheringNames(db, list)),
    whenAny(ids('regions'), (list) => db('regions').whereIn('id', list).select('id', 'name') as Promise<Named[]>),
    whenAny(ids('sectors'), (list) => db('sectors').whereIn('id', list).select('id', 'name') as Promise<Named[]>),
  ]);
  return {
    participants: new Map(participants.map((p) => [p.id, { name: p.name, erased: p.erased }])),
    units: byId(units),
    networks: byId(networks),
    gatherings: new Map(gatherings.map((g) => [g.id, { startsAt: g.startsAt, networkNames: g.networkNames }])),
    regions: byId(regions),
    sectors: byId(sectors),
  };
}

type Named = { id: number; name: string };

const byId = (rows: Named[]) => new Map(rows.map((row) => [row.id, row.name]));

const whenAny = async <T>(ids: number[], load: (ids: number[]) => Promise<T[]>): Promise<T[]> =>
  ids.length === 0 ? [] : load(ids);

/** A gathering is named by its date and the networks it belongs to. */
const gatheringNames = (db: Db, ids: number[]) =>
  db('gatherings as g')
    .leftJoin('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .leftJoin('networks as n', 'n.id', 'gn.network_id')
    .whereIn('g.id', ids)
    .groupBy('g.id')
    .select(
      'g.id',
      'g.starts_at as startsAt',
      db.raw('coalesce(array_agg(n.name order by n.name) filter (where n.id is not null), \'{}\') as "networkNames"'),
    ) as Promise<({ id: number } & GatheringName)[]>;
