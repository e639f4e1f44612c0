import type { NetworkYearFigures, Status } from '../overview/figures';

// The annual report's summary: how many networks met each part of the model (docs/domain.md) in a
// year. Pure: no I/O. Each check is deliberately strict — something that cannot be shown from
// the records (attendance not registered, no agenda due yet) does not count as met.

export const MODEL_CHECKS = [
  'fourGatherings',
  'twoPhysical',
  'agendasOnTime',
  'continuity',
  'services',
  'evaluated',
] as const;
export type ModelCheck = (typeof MODEL_CHECKS)[number];

/** Continuity counts as met from this share of fixed participants continuing. */
export const CONTINUITY_TARGET = 0.5;
/** Four gatherings a year (not cancelled). */
export const GATHERINGS_TARGET = 4;
export const PHYSICAL_TARGET = 2;

export function modelChecks(f: NetworkYearFigures): Record<ModelCheck, boolean> {
  const held = f.gatherings.filter((g) => g.held);
  return {
    fourGatherings: f.planned - f.cancelled >= GATHERINGS_TARGET,
    twoPhysical: f.physical >= PHYSICAL_TARGET,
    agendasOnTime: f.agendasDue > 0 && f.agendasOnTime === f.agendasDue,
    continuity: f.continuity.share !== null && f.continuity.share >= CONTINUITY_TARGET,
    // Every held gathering with attendance registered and municipal, mental health and addiction services present.
    services: held.length > 0 && held.every((g) => g.attendanceRecorded && g.missingServiceTypes.length === 0),
    // Every held gathering evaluated by enough people for its results to be shown (and closed).
    evaluated: held.length > 0 && held.every((g) => g.evaluationShown),
  };
}

export interface ReportSummary {
  networks: number;
  statuses: Record<Status, number>;
  met: Record<ModelCheck, number>;
}

export function reportSummary(figures: NetworkYearFigures[]): ReportSummary {
  const statuses: Record<Status, number> = { green: 0, yellow: 0, red: 0 };
  const met = Object.fromEntries(MODEL_CHECKS.map((c) => [c, 0])) as Record<ModelCheck, number>;
  for (const f of figures) {
    statuses[f.status] += 1;
    const checks = modelChecks(f);
    for (const c of MODEL_CHECKS) if (checks[c]) met[c] += 1;
  }
  return { networks: figures.length, statuses, met };
}
