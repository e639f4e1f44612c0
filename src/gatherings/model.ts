// The gathering's vocabulary, declared once: how people attend, what kind it is, where it stands.
// Pure; the database backs each list with a check constraint.

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
