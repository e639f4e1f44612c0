import type { Db } from '../db/knex';
import type { Language } from '../kernel/i18n';
import type { Role } from './roles';

/** The signed-in person and everything that decides what they may see and do. */
export interface Actor {
  id: number;
  name: string;
  email: string;
  language: Language;
  /** KORUS admin for every region. */
  korusAll: boolean;
  /** KORUS admin for these regions. */
  korusRegionIds: number[];
  /** Current network memberships: network id → role and the network's region. */
  networks: Map<number, { role: Role; regionId: number }>;
}

/** One query: the person, their KORUS grants and their current memberships. */
export async function loadActor(db: Db, participantId: number): Promise<Actor | undefined> {
  const row = (await db('participants as p')
    .select('p.id', 'p.name', 'p.email', 'p.language')
    .select(
      db.raw(
        `coalesce((select json_agg(k.region_id) from korus_admins k where k.participant_id = p.id), '[]') as "korusRegions"`,
      ),
      db.raw(`coalesce((select json_agg(json_build_object('networkId', m.network_id, 'role', m.role, 'regionId', s.region_id))
                from memberships m join networks n on n.id = m.network_id join sectors s on s.id = n.sector_id
                where m.participant_id = p.id and m.ends_on is null and n.archived_at is null), '[]') as "memberships"`),
    )
    .where('p.id', participantId)
    .whereNull('p.archived_at')
    .first()) as
    | {
        id: number;
        name: string;
        email: string;
        language: Language;
        korusRegions: (number | null)[];
        memberships: { networkId: number; role: Role; regionId: number }[];
      }
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    language: row.language,
    korusAll: row.korusRegions.includes(null),
    korusRegionIds: row.korusRegions.filter((id): id is number => id !== null),
    networks: new Map(row.memberships.map((m) => [m.networkId, { role: m.role, regionId: m.regionId }])),
  };
}
