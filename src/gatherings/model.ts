// The gathering's vocabulary, declared once: how people attend, what kind it is, where it stands.
// Pure; the database backs each list with a check constraint.
import { formatTime, isPastDay, osloDate } from '../kernel/dates';

export const FORMATS = ['physical', 'digital', 'hybrid'] as const;
export type Format = (typeof FORMATS)[number];

/** A regular gathering of one network, or a (joint) extended fagdag. */
export const GATHERING_KINDS = ['regular', 'fagdag'] as const;
export type GatheringKind = (typeof GATHERING_KINDS)[number];

/** A draft in a proposed year plan, an accepted gathering, or a cancelled one. */
export const GATHERING_STATUSES = ['proposed', 'planned', 'cancelled'] as const;
export type GatheringStatus = (typeof GATHERING_STATUSES)[number];
/** What calendars, figures and emails see: drafts are nobody's business yet. */
export type AcceptedStatus = Exclude<GatheringStatus, 'proposed'>;

/** A gathering in Norwegian wall-clock terms: as the year planner and the edit form see it. */
export interface PlanGathering {
  id?: number;
  date: string;
  startTime: string;
  endTime: string;
  format: Format;
  kind: GatheringKind;
  venue: string;
  meetingUrl: string;
  hostUnitId: number | null;
  /** The units presenting (absent where a caller does not know them). */
  presenterUnitIds?: number[];
  past?: boolean;
}

export function toPlanGathering(
  g: Omit<PlanGathering, 'date' | 'startTime' | 'endTime' | 'past' | 'id'> & {
    id: number;
    startsAt: Date;
    endsAt: Date;
  },
  today: string,
): PlanGathering {
  return {
    id: g.id,
    date: osloDate(g.startsAt),
    startTime: formatTime(g.startsAt),
    endTime: formatTime(g.endsAt),
    format: g.format,
    kind: g.kind,
    venue: g.venue,
    meetingUrl: g.meetingUrl,
    hostUnitId: g.hostUnitId,
    presenterUnitIds: g.presenterUnitIds,
    past: isPastDay(g, today),
  };
}
