// The fair rotation of duties: who provides the venue (host) and who presents at each gathering
// (seed 001: "rotate the responsibility for venue and for talks and cases between the units").
// Pure and deterministic: the same history and input give the same proposal.
//
// Fairness works in cycles per duty: every eligible unit has the duty once before anyone has it
// again, so counts never differ by more than one over a run that covers them all. Within a
// cycle the unit that has waited longest goes first; a unit that never had the duty (also one
// that joins later) has waited longest. Presenters within a cycle alternate service types.

export type ServiceType = 'municipal' | 'mentalHealth' | 'addiction' | 'welfare' | 'userOrganisation' | 'other';
type Format = 'physical' | 'digital' | 'hybrid';
type Duty = 'host' | 'presenter';

export interface RotationUnit {
  id: number;
  name: string;
  serviceType: ServiceType;
  canHost: boolean;
  joinedOn: string;
  leftOn?: string | null;
}

export interface DutyRecord {
  date: string;
  format: Format;
  hostUnitId: number | null;
  presenterUnitIds: number[];
}

export interface Slot {
  date: string;
  format: Format;
  locked?: { hostUnitId?: number | null; presenterUnitIds?: number[] };
}

export interface DutyReason {
  unitId: number;
  duty: Duty;
  lastDate: string | null;
  countInWindow: number;
  window: number;
  locked: boolean;
}

export interface Assignment {
  hostUnitId: number | null;
  presenterUnitIds: number[];
  reasons: DutyReason[];
}

const REASON_WINDOW = 8;

const isActive = (unit: RotationUnit, date: string) => unit.joinedOn <= date && (!unit.leftOn || unit.leftOn > date);

/** Who had a duty when, replayed in date order, with each duty's current cycle. */
class DutyLedger {
  private readonly last = new Map<string, string>();
  private readonly cycle: Record<Duty, Set<number>> = { host: new Set(), presenter: new Set() };
  readonly records: DutyRecord[] = [];

  constructor(private readonly units: RotationUnit[]) {}

  clone(): DutyLedger {
    const copy = new DutyLedger(this.units);
    for (const [key, value] of this.last) copy.last.set(key, value);
    for (const duty of ['host', 'presenter'] as const) for (const id of this.cycle[duty]) copy.cycle[duty].add(id);
    copy.records.push(...this.records);
    return copy;
  }

  lastDate(duty: Duty, unitId: number): string | null {
    return this.last.get(`${duty}:${unitId}`) ?? null;
  }

  /** Units that have not had the duty in the current cycle; a finished cycle starts a new one. */
  due(duty: Duty, eligible: RotationUnit[]): RotationUnit[] {
    const open = eligible.filter((u) => !this.cycle[duty].has(u.id));
    if (open.length > 0) return open;
    this.cycle[duty].clear();
    return eligible;
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

  record(entry: DutyRecord): void {
    this.records.push(entry);
    const mark = (duty: Duty, unitId: number, eligible: RotationUnit[]) => {
      this.last.set(`${duty}:${unitId}`, entry.date);
      this.cycle[duty].add(unitId);
      if (eligible.length > 0 && eligible.every((u) => this.cycle[duty].has(u.id))) this.cycle[duty].clear();
    };
    const active = this.units.filter((u) => isActive(u, entry.date));
    if (entry.hostUnitId !== null) mark('host', entry.hostUnitId, active.filter((u) => u.canHost));
    for (const id of entry.presenterUnitIds) mark('presenter', id, active);
  }

  reason(duty: Duty, unitId: number, locked: boolean): DutyReason {
    const window = this.records.slice(-REASON_WINDOW);
    const countInWindow = window.filter((r) => (duty === 'host' ? r.hostUnitId === unitId : r.presenterUnitIds.includes(unitId))).length;
    return { unitId, duty, lastDate: this.lastDate(duty, unitId), countInWindow, window: window.length, locked };
  }
}

/** The host the rotation gives a slot: none when digital, else the due unit that waited longest (not twice in a row). */
function chooseHost(ledger: DutyLedger, units: RotationUnit[], slot: Slot): number | null {
  if (slot.format === 'digital') return null;
  if (slot.locked?.hostUnitId !== undefined) return slot.locked.hostUnitId;
  const hosts = units.filter((u) => u.canHost && isActive(u, slot.date));
  const ranked = ledger.byWait('host', ledger.due('host', hosts));
  const previous = ledger.records.at(-1);
  return (ranked.find((u) => u.id !== previous?.hostUnitId) ?? ranked[0])?.id ?? null;
}

export function proposeDuties(input: { units: RotationUnit[]; history: DutyRecord[]; slots: Slot[]; presentersPerGathering?: number }): Assignment[] {
  const perGathering = input.presentersPerGathering ?? 1;
  const ledger = new DutyLedger(input.units);
  for (const record of [...input.history].sort((a, b) => a.date.localeCompare(b.date))) ledger.record(record);

  const order = input.slots.map((slot, index) => ({ slot, index })).sort((a, b) => a.slot.date.localeCompare(b.slot.date) || a.index - b.index);
  const assignments: Assignment[] = new Array(input.slots.length);
  for (const { slot, index } of order) {
    const eligible = input.units.filter((u) => isActive(u, slot.date));
    const previous = ledger.records.at(-1);
    const reasons: DutyReason[] = [];

    // Host: none for a digital gathering; never a unit that cannot host.
    const hostLocked = slot.locked?.hostUnitId !== undefined;
    const hostUnitId = chooseHost(ledger, input.units, slot);
    if (hostUnitId !== null) reasons.push(ledger.reason('host', hostUnitId, hostLocked));
    const nextSlot = order[order.findIndex((o) => o.index === index) + 1]?.slot;

    // Presenters: not the host when there is anyone else; alternate service types; not twice in a row.
    const presentersLocked = slot.locked?.presenterUnitIds !== undefined;
    const presenterUnitIds: number[] = [];
    if (presentersLocked) {
      presenterUnitIds.push(...(slot.locked?.presenterUnitIds ?? []));
    } else {
      const previousTypes = new Set((previous?.presenterUnitIds ?? []).map((id) => input.units.find((u) => u.id === id)?.serviceType));
      const pool = eligible.length > 1 ? eligible.filter((u) => u.id !== hostUnitId) : eligible;
      while (presenterUnitIds.length < Math.min(perGathering, pool.length)) {
        const open = pool.filter((u) => !presenterUnitIds.includes(u.id));
        let due = ledger.due('presenter', eligible).filter((u) => open.some((o) => o.id === u.id));
        if (due.length === 0) due = open;
        const ranked = ledger.byWait('presenter', due).sort((a, b) => Number(previousTypes.has(a.serviceType)) - Number(previousTypes.has(b.serviceType)));
        // Look one gathering ahead: never leave, as the cycle's last presenter, the unit that will host then.
        const strandsNext = (candidate: RotationUnit) => {
          const rest = due.filter((u) => u.id !== candidate.id);
          if (!nextSlot || rest.length !== 1 || perGathering !== 1) return false;
          const trial = ledger.clone();
          trial.record({ date: slot.date, format: slot.format, hostUnitId, presenterUnitIds: [candidate.id] });
          return chooseHost(trial, input.units, nextSlot) === rest[0]?.id;
        };
        const pick =
          ranked.find((u) => !previous?.presenterUnitIds.includes(u.id) && !strandsNext(u)) ??
          ranked.find((u) => !previous?.presenterUnitIds.includes(u.id)) ??
          ranked[0];
        if (!pick) break;
        presenterUnitIds.push(pick.id);
        previousTypes.add(pick.serviceType);
      }
    }
    for (const id of presenterUnitIds) reasons.push(ledger.reason('presenter', id, presentersLocked));

    assignments[index] = { hostUnitId, presenterUnitIds, reasons };
    ledger.record({ date: slot.date, format: slot.format, hostUnitId, presenterUnitIds });
  }
  return assignments;
}

/** Hosting and presenting per unit over the whole history. */
export function dutyBalance(units: RotationUnit[], history: DutyRecord[]) {
  const seen = new Set<number>();
  return units
    .filter((u) => !seen.has(u.id) && seen.add(u.id))
    .map((unit) => {
      const hosted = history.filter((r) => r.hostUnitId === unit.id).map((r) => r.date).sort();
      const presented = history.filter((r) => r.presenterUnitIds.includes(unit.id)).map((r) => r.date).sort();
      return { unitId: unit.id, hosted: hosted.length, presented: presented.length, lastHosted: hosted.at(-1) ?? null, lastPresented: presented.at(-1) ?? null };
    });
}
