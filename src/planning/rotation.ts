// The fair rotation of duties: who provides the venue (host), who presents, and who brings the case
// at each gathering (docs/domain.md, rule 6: rotate the responsibility for the venue and for talks
// and cases between the units).
// Pure and deterministic: the same history and input give the same proposal.
//
// Fairness over the whole history: the eligible unit that has waited longest since it last had
// the duty goes first; a unit that never had it (also one that joins later) has waited longest.
// Within the proposal, fairness works in rounds: every eligible unit has its turn before anyone
// has a second, so counts never drift apart by more than one (see DutyLedger for how rounds
// are counted). Duties already fixed further on (accepted gatherings, locks) count from the
// start, so the proposal is shared out around them. Presenters alternate service types within
// the round; the host and presenter of a gathering differ; nobody has a duty twice in a row
// when another unit can take it — unless that would cost a turn out of round, which weighs more.
// The case goes round the same way, to a unit that neither hosts nor presents at that gathering
// where one can.

import { DutyLedger, hasDuty, isActive } from './dutyLedger';
import type { Assignment, Duty, DutyRecord, DutyReason, RotationUnit, Slot } from './dutyTypes';

/** A total order on records, so that the order the history comes in never matters. */
const byRecord = (a: DutyRecord, b: DutyRecord) =>
  a.date.localeCompare(b.date) ||
  (a.hostUnitId ?? 0) - (b.hostUnitId ?? 0) ||
  a.presenterUnitIds.join(',').localeCompare(b.presenterUnitIds.join(',')) ||
  (a.caseUnitId ?? 0) - (b.caseUnitId ?? 0) ||
  a.format.localeCompare(b.format);

/** One gathering in date order: a fixed one from the history, or a slot to propose for. */
type Step =
  | { date: string; record: DutyRecord; slot?: undefined; index?: undefined }
  | { date: string; slot: Slot; index: number; record?: undefined };

/** The host of the last gathering that had one (a digital gathering in between does not break a row). */
const lastHosted = (ledger: DutyLedger) =>
  [...ledger.records].reverse().find((r) => r.hostUnitId !== null)?.hostUnitId ?? null;

/**
 * The host the rotation gives a slot: none when digital; else the due unit that has waited
 * longest, passing over the last gathering's host, the next fixed gathering's host and the
 * slot's locked presenters when it can.
 */
function chooseHost(
  ledger: DutyLedger,
  units: RotationUnit[],
  slot: Slot,
  nextFixedHost: number | null = null,
): number | null {
  if (slot.format === 'digital') return null;
  if (slot.locked?.hostUnitId !== undefined) return slot.locked.hostUnitId;
  const hosts = units.filter((u) => u.canHost && isActive(u, slot.date));
  if (hosts.length === 0) return null;
  const previous = lastHosted(ledger);
  const presenting = slot.locked?.presenterUnitIds ?? [];
  const free = (u: RotationUnit) => u.id !== previous && u.id !== nextFixedHost && !presenting.includes(u.id);
  const ranked = ledger.byWait('host', ledger.due('host', hosts, hosts));
  const pick =
    ranked.find(free) ??
    ledger.byWait('host', ledger.due('host', hosts.filter(free), hosts)).find(free) ??
    ranked.find((u) => u.id !== previous) ??
    ranked[0];
  return pick?.id ?? null;
}

/** The host of the next gathering that will have one, if it is fixed (digital ones in between have none). */
function nextFixedHost(ahead: Step[]): number | null {
  for (const step of ahead) {
    if (step.record) {
      if (step.record.hostUnitId !== null) return step.record.hostUnitId;
    } else if (step.slot.format !== 'digital') {
      return step.slot.locked?.hostUnitId ?? null;
    }
  }
  return null;
}

/** The duties of a step that are fixed: an accepted gathering's, or a slot's locked ones. */
function fixedDuties(step: Step): { duty: Duty; unitId: number }[] {
  const host = step.record
    ? step.record.hostUnitId
    : step.slot.format === 'digital'
      ? null
      : (step.slot.locked?.hostUnitId ?? null);
  const presenters = step.record ? step.record.presenterUnitIds : (step.slot.locked?.presenterUnitIds ?? []);
  const caseUnit = step.record ? (step.record.caseUnitId ?? null) : (step.slot.locked?.caseUnitId ?? null);
  return [
    ...(host === null ? [] : [{ duty: 'host' as const, unitId: host }]),
    ...presenters.map((unitId) => ({ duty: 'presenter' as const, unitId })),
    ...(caseUnit === null ? [] : [{ duty: 'case' as const, unitId: caseUnit }]),
  ];
}

/**
 * The unit that brings the case: due this round (fewest turns), longest wait first. Among those,
 * not the same unit twice in a row (at the last gathering or a fixed next one), and one that
 * neither hosts nor presents at the gathering, where a due unit allows it: the round weighs most.
 */
function chooseCase(
  ledger: DutyLedger,
  g: { eligible: RotationUnit[]; busy: number[]; previous: DutyRecord | undefined; nextFixed: number[] },
): number | null {
  const ranked = ledger.byWait('case', ledger.due('case', g.eligible, g.eligible));
  const free = (u: RotationUnit) => !g.busy.includes(u.id);
  const again = (u: RotationUnit) =>
    (g.previous !== undefined && hasDuty(g.previous, 'case', u.id)) || g.nextFixed.includes(u.id);
  const pick =
    ranked.find((u) => free(u) && !again(u)) ?? ranked.find((u) => !again(u)) ?? ranked.find(free) ?? ranked[0];
  return pick?.id ?? null;
}

/**
 * Presenters for one gathering: the units due this round (fewest turns); not the host when
 * there is anyone else; another service type than the last presentation where a due unit has
 * one (the hint of the issue: alternate within the round, so fairness is kept); not the same
 * unit twice in a row.
 */
function choosePresenters(
  ledger: DutyLedger,
  g: {
    units: RotationUnit[];
    eligible: RotationUnit[];
    previous: DutyRecord | undefined;
    nextFixed: number[];
    hostUnitId: number | null;
    next: { hostUnitId: number | null; eligible: RotationUnit[] } | undefined;
    perGathering: number;
  },
): number[] {
  const typeOf = (id: number) => g.units.find((u) => u.id === id)?.serviceType;
  const previousTypes = new Set((g.previous?.presenterUnitIds ?? []).map(typeOf));
  // "Twice in a row" looks both ways: at the last gathering and at a fixed next one.
  const again = (u: RotationUnit) =>
    (g.previous?.presenterUnitIds.includes(u.id) ?? false) || g.nextFixed.includes(u.id);
  const pool = g.eligible.length > 1 ? g.eligible.filter((u) => u.id !== g.hostUnitId) : g.eligible;
  const wanted = Math.min(g.perGathering, pool.length);
  const picked: RotationUnit[] = [];
  while (picked.length < wanted) {
    const open = pool.filter((u) => !picked.includes(u));
    const due = ledger.due('presenter', open, g.eligible);
    const ranked = ledger
      .byWait('presenter', due)
      .sort((a, b) => Number(previousTypes.has(a.serviceType)) - Number(previousTypes.has(b.serviceType)));
    // Look one gathering ahead: the next host cannot present then. A pick strands it when too
    // few others would still be due then (leavers drop out, newcomers come in); such a pick is
    // passed over, and if every other pick strands it, the next host presents now — even twice
    // in a row (only with two units): a repeat now is cheaper than a turn out of round.
    const next = g.next;
    const nextHost = next && next.eligible.length > 1 ? due.find((u) => u.id === next.hostUnitId) : undefined;
    const strands = (candidate: RotationUnit) => {
      if (!next || !nextHost || candidate === nextHost) return false;
      const dueNext = ledger
        .due('presenter', next.eligible, next.eligible)
        .filter((u) => !picked.includes(u) && u !== candidate);
      const others = dueNext.length - 1 - (wanted - picked.length - 1);
      return dueNext.includes(nextHost) && others < Math.min(g.perGathering, next.eligible.length - 1);
    };
    const pick = ranked.find((u) => !again(u) && !strands(u)) ?? nextHost ?? ranked.find((u) => !again(u)) ?? ranked[0];
    if (!pick) break;
    picked.push(pick);
    previousTypes.add(pick.serviceType);
  }
  return picked.map((u) => u.id);
}

/**
 * Proposes host and presenters for each slot (returned in the slots' order). History and slots
 * are replayed together in date order, so future gatherings already accepted count where they
 * fall; locked duties are kept as given and count like history.
 */
export function proposeDuties(input: {
  units: RotationUnit[];
  history: DutyRecord[];
  slots: Slot[];
  presentersPerGathering?: number;
}): Assignment[] {
  const perGathering = Math.max(0, input.presentersPerGathering ?? 1);
  const units = [...input.units].sort((a, b) => a.id - b.id);
  const ledger = new DutyLedger(units);
  const history: Step[] = [...input.history].sort(byRecord).map((record) => ({ date: record.date, record }));
  const slots: Step[] = input.slots.map((slot, index) => ({ date: slot.date, slot, index }));
  // On one date the fixed gathering comes first; slots keep their given order.
  const steps = [...history, ...slots].sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      Number(a.slot !== undefined) - Number(b.slot !== undefined) ||
      (a.index ?? 0) - (b.index ?? 0),
  );

  const assignments: Assignment[] = new Array(input.slots.length);
  const everything = { host: true, presenters: true, case: true };
  let counting = false;
  steps.forEach((step, position) => {
    if (!step.slot) {
      ledger.record(step.record, everything);
      return;
    }
    // From the first slot on, turns are counted; fixed ones ahead count from here.
    if (!counting) ledger.startCounting(steps.slice(position).flatMap(fixedDuties));
    counting = true;
    const { slot } = step;
    const eligible = units.filter((u) => isActive(u, slot.date));
    const following = steps[position + 1];
    const nextFixed = following ? fixedDuties(following) : [];
    const reasons: DutyReason[] = [];

    // Host: none for a digital gathering; never a unit that cannot host.
    const hostLocked = slot.locked?.hostUnitId !== undefined;
    const hostUnitId = chooseHost(ledger, units, slot, nextFixedHost(steps.slice(position + 1)));
    if (hostUnitId !== null) reasons.push(ledger.reason('host', hostUnitId, hostLocked));

    const presentersLocked = slot.locked?.presenterUnitIds !== undefined;
    const caseLocked = slot.locked?.caseUnitId !== undefined;
    const fixed = { host: hostLocked, presenters: presentersLocked, case: caseLocked };
    let next: { hostUnitId: number | null; eligible: RotationUnit[] } | undefined;
    if (following) {
      const trial = ledger.clone();
      trial.record({ date: slot.date, format: slot.format, hostUnitId, presenterUnitIds: [], caseUnitId: null }, fixed);
      const nextHost = following.record ? following.record.hostUnitId : chooseHost(trial, units, following.slot);
      next = { hostUnitId: nextHost, eligible: units.filter((u) => isActive(u, following.date)) };
    }
    const presenterUnitIds = presentersLocked
      ? [...(slot.locked?.presenterUnitIds ?? [])]
      : choosePresenters(ledger, {
          units,
          eligible,
          previous: ledger.records.at(-1),
          nextFixed: nextFixed.filter((d) => d.duty === 'presenter').map((d) => d.unitId),
          hostUnitId,
          next,
          perGathering,
        });
    for (const id of presenterUnitIds) reasons.push(ledger.reason('presenter', id, presentersLocked));

    const caseUnitId = caseLocked
      ? (slot.locked?.caseUnitId ?? null)
      : chooseCase(ledger, {
          eligible,
          busy: [...(hostUnitId === null ? [] : [hostUnitId]), ...presenterUnitIds],
          previous: ledger.records.at(-1),
          nextFixed: nextFixed.filter((d) => d.duty === 'case').map((d) => d.unitId),
        });
    if (caseUnitId !== null) reasons.push(ledger.reason('case', caseUnitId, caseLocked));

    assignments[step.index] = { hostUnitId, presenterUnitIds, caseUnitId, reasons };
    ledger.record({ date: slot.date, format: slot.format, hostUnitId, presenterUnitIds, caseUnitId }, fixed);
  });
  return assignments;
}

/**
 * Why a unit has a duty on `date`, as the proposal gave it: its last turn at that duty before the
 * date and its share of the last gatherings before it. Pages show this for accepted gatherings.
 */
export function dutyReason(history: DutyRecord[], duty: Duty, unitId: number, date: string): DutyReason {
  const ledger = new DutyLedger([]);
  for (const record of [...history].sort(byRecord)) if (record.date < date) ledger.record(record);
  return ledger.reason(duty, unitId, false);
}

/** Hosting, presenting and cases per unit over the whole history (each unit once, in the order given). */
export function dutyBalance(
  units: RotationUnit[],
  history: DutyRecord[],
): {
  unitId: number;
  hosted: number;
  presented: number;
  cased: number;
  lastHosted: string | null;
  lastPresented: string | null;
  lastCased: string | null;
}[] {
  const seen = new Set<number>();
  return units
    .filter((u) => !seen.has(u.id) && seen.add(u.id))
    .map((unit) => {
      const hosted = history
        .filter((r) => r.hostUnitId === unit.id)
        .map((r) => r.date)
        .sort();
      const presented = history
        .filter((r) => r.presenterUnitIds.includes(unit.id))
        .map((r) => r.date)
        .sort();
      const cased = history
        .filter((r) => r.caseUnitId === unit.id)
        .map((r) => r.date)
        .sort();
      return {
        unitId: unit.id,
        hosted: hosted.length,
        presented: presented.length,
        cased: cased.length,
        lastHosted: hosted.at(-1) ?? null,
        lastPresented: presented.at(-1) ?? null,
        lastCased: cased.at(-1) ?? null,
      };
    });
}
