import { DUTIES, type Duty, type DutyReason, type DutyRecord, type RotationUnit } from './dutyTypes';

// The rotation's memory: who had which duty when (replayed in date order), and, from the start
// of a proposal, each unit's level: the turns it has had since then. The units with the lowest
// level are the ones due: every eligible unit has its turn before anyone has a second, and a
// turn forced out of round is carried (that unit sits out its next turn).

/** Gatherings whose duties the reasons count ("1 of the last 8"). */
const REASON_WINDOW = 8;

/** Whether a gathering gave the unit the duty. */
export const hasDuty = (r: DutyRecord, duty: Duty, unitId: number) =>
  duty === 'host'
    ? r.hostUnitId === unitId
    : duty === 'presenter'
      ? r.presenterUnitIds.includes(unitId)
      : r.caseUnitId === unitId;

export const isActive = (unit: RotationUnit, date: string) =>
  unit.joinedOn <= date && (!unit.leftOn || unit.leftOn > date);

export class DutyLedger {
  private readonly last = new Map<string, string>();
  private readonly levels: Record<Duty, Map<number, number>> = {
    host: new Map(),
    presenter: new Map(),
    case: new Map(),
  };
  /** Fixed turns still ahead (accepted gatherings, locked duties), counted from the start. */
  private readonly ahead: Record<Duty, Map<number, number>> = {
    host: new Map(),
    presenter: new Map(),
    case: new Map(),
  };
  private counting = false;
  readonly records: DutyRecord[] = [];

  constructor(private readonly units: RotationUnit[]) {}

  clone(): DutyLedger {
    const copy = new DutyLedger(this.units);
    for (const [key, value] of this.last) copy.last.set(key, value);
    for (const duty of DUTIES) {
      for (const [id, level] of this.levels[duty]) copy.levels[duty].set(id, level);
      for (const [id, turns] of this.ahead[duty]) copy.ahead[duty].set(id, turns);
    }
    copy.counting = this.counting;
    copy.records.push(...this.records);
    return copy;
  }

  /**
   * The proposal begins: from here on turns are counted, everyone starting level. Fixed turns
   * later on count from now, so that the rounds are shared out around them.
   */
  startCounting(fixedAhead: { duty: Duty; unitId: number }[]): void {
    this.counting = true;
    for (const duty of DUTIES) {
      this.levels[duty].clear();
      this.ahead[duty].clear();
    }
    for (const { duty, unitId } of fixedAhead) this.ahead[duty].set(unitId, (this.ahead[duty].get(unitId) ?? 0) + 1);
  }

  lastDate(duty: Duty, unitId: number): string | null {
    return this.last.get(`${duty}:${unitId}`) ?? null;
  }

  /** A unit's level; a newcomer enters level with the lowest of the others, neither behind nor ahead. */
  level(duty: Duty, unit: RotationUnit, eligible: RotationUnit[]): number {
    return (this.levels[duty].get(unit.id) ?? this.entryLevel(duty, eligible)) + (this.ahead[duty].get(unit.id) ?? 0);
  }

  private entryLevel(duty: Duty, eligible: RotationUnit[]): number {
    const known = eligible.filter((u) => this.levels[duty].has(u.id)).map((u) => this.level(duty, u, eligible));
    return known.length > 0 ? Math.min(...known) : 0;
  }

  /** The candidates with the lowest level: those due in the current round. */
  due(duty: Duty, candidates: RotationUnit[], eligible: RotationUnit[]): RotationUnit[] {
    const levels = candidates.map((u) => this.level(duty, u, eligible));
    const lowest = Math.min(...levels);
    return candidates.filter((_, i) => levels[i] === lowest);
  }

  /** Longest wait first: never had it, then the oldest last time; ties by joining date, then id. */
  byWait(duty: Duty, units: RotationUnit[]): RotationUnit[] {
    return [...units].sort((a, b) => {
      const la = this.lastDate(duty, a.id);
      const lb = this.lastDate(duty, b.id);
      if (la !== lb) return la === null ? -1 : lb === null ? 1 : la.localeCompare(lb);
      return a.joinedOn.localeCompare(b.joinedOn) || a.id - b.id;
    });
  }

  /** Replays a gathering; `fixed` duties were counted ahead at the start and are not counted twice. */
  record(
    entry: DutyRecord,
    fixed: { host: boolean; presenters: boolean; case?: boolean } = { host: false, presenters: false, case: false },
  ): void {
    this.records.push(entry);
    const active = this.units.filter((u) => isActive(u, entry.date));
    const mark = (duty: Duty, unitId: number, eligible: RotationUnit[], isFixed: boolean) => {
      this.last.set(`${duty}:${unitId}`, entry.date);
      if (!this.counting) return;
      // Newcomers are given their entry level before anyone's count moves.
      const entryLevel = this.entryLevel(duty, eligible);
      for (const u of eligible) if (!this.levels[duty].has(u.id)) this.levels[duty].set(u.id, entryLevel);
      this.levels[duty].set(unitId, (this.levels[duty].get(unitId) ?? entryLevel) + 1);
      const ahead = this.ahead[duty].get(unitId) ?? 0;
      if (isFixed && ahead > 0) this.ahead[duty].set(unitId, ahead - 1);
    };
    if (entry.hostUnitId !== null)
      mark(
        'host',
        entry.hostUnitId,
        active.filter((u) => u.canHost),
        fixed.host,
      );
    for (const id of entry.presenterUnitIds) mark('presenter', id, active, fixed.presenters);
    if (entry.caseUnitId != null) mark('case', entry.caseUnitId, active, fixed.case ?? false);
  }

  /** "Last hosted March 2025, 1 of the last 8": the unit's duty before this gathering. */
  reason(duty: Duty, unitId: number, locked: boolean): DutyReason {
    const window = this.records.slice(-REASON_WINDOW);
    const countInWindow = window.filter((r) => hasDuty(r, duty, unitId)).length;
    return { unitId, duty, lastDate: this.lastDate(duty, unitId), countInWindow, window: window.length, locked };
  }
}
