import type { AcceptedStatus, Format, GatheringKind } from './model';
import { DateTime } from 'luxon';
import type { Db } from '../db/knex';
import { TIME_ZONE } from '../web/dates';

export interface GatheringSummary {
  id: number;
  startsAt: Date;
  endsAt: Date;
  kind: GatheringKind;
  format: Format;
  status: AcceptedStatus;
  topic: string;
  venue: string;
  hostUnitName: string | null;
  hostOrganisation: string | null;
}

/** A network's accepted (and cancelled) gatherings in a calendar year (Norwegian time), including joint ones; drafts are left out. */
export async function gatheringsInYear(db: Db, networkId: number, year: number): Promise<GatheringSummary[]> {
  const from = DateTime.fromObject({ year, month: 1, day: 1 }, { zone: TIME_ZONE });
  return db('gathering_networks as gn')
    .join('gatherings as g', 'g.id', 'gn.gathering_id')
    .leftJoin('units as hu', 'hu.id', 'g.host_unit_id')
    .select(
      'g.id',
      'g.starts_at as startsAt',
      'g.ends_at as endsAt',
      'g.kind',
      'g.format',
      'g.status',
      'g.topic',
      'g.venue',
      'hu.name as hostUnitName',
      'hu.organisation as hostOrganisation',
    )
    .where('gn.network_id', networkId)
    .whereNot('g.status', 'proposed')
    .where('g.starts_at', '>=', from.toJSDate())
    .where('g.starts_at', '<', from.plus({ years: 1 }).toJSDate())
    .orderBy('g.starts_at')
    .limit(100);
}
