import fc from 'fast-check';
import { DateTime } from 'luxon';
import { dutyBalance, proposeDuties, type DutyRecord, type RotationUnit, type ServiceType, type Slot } from '../../src/planning/rotation';

const TYPES: ServiceType[] = ['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation'];
const unit = (id: number, overrides: Partial<RotationUnit> = {}): RotationUnit => ({ id, name: `Enhet ${id}`, serviceType: TYPES[id % TYPES.length] as ServiceType, canHost: true, joinedOn: '2020-01-01', ...overrides });
const slots = (count: number, from = '2027-01-07', format: Slot['format'] = 'physical'): Slot[] =>
  Array.from({ length: count }, (_, i) => ({ date: DateTime.fromISO(from).plus({ weeks: 6 * i }).toISODate() as string, format }));

describe('rotation of duties', () => {
  test('the unit that has waited longest hosts first; one that never hosted counts as waited longest', () => {
    const units = [unit(1), unit(2), unit(3)];
    const history: DutyRecord[] = [
      { date: '2026-03-12', format: 'physical', hostUnitId: 2, presenterUnitIds: [1] },
      { date: '2026-06-11', format: 'physical', hostUnitId: 1, presenterUnitIds: [2] },
    ];
    const [first, second, third] = proposeDuties({ units, history, slots: slots(3) });
    expect(first?.hostUnitId).toBe(3);
    expect(second?.hostUnitId).toBe(2);
    expect(third?.hostUnitId).toBe(1);
    expect(first?.reasons.find((r) => r.duty === 'host')).toEqual({ unitId: 3, duty: 'host', lastDate: null, countInWindow: 0, window: 2, locked: false });
  });

  test('a digital gathering has no host; a unit that cannot host never hosts', () => {
    const units = [unit(1, { canHost: false }), unit(2), unit(3)];
    const proposal = proposeDuties({ units, history: [], slots: [...slots(2), { date: '2027-12-02', format: 'digital' }] });
    expect(proposal.map((a) => a.hostUnitId)).toEqual([2, 3, null]);
  });

  test('host and presenter differ, and presentations alternate between service types', () => {
    const units = [unit(1, { serviceType: 'municipal' }), unit(2, { serviceType: 'municipal' }), unit(3, { serviceType: 'mentalHealth' }), unit(4, { serviceType: 'addiction' })];
    const proposal = proposeDuties({ units, history: [], slots: slots(4) });
    for (const a of proposal) expect(a.presenterUnitIds).not.toContain(a.hostUnitId);
    const types = proposal.map((a) => units.find((u) => u.id === a.presenterUnitIds[0])?.serviceType);
    for (let i = 1; i < types.length; i += 1) expect(types[i]).not.toBe(types[i - 1]);
  });

  test('locked duties are kept and the rest is proposed around them', () => {
    const units = [unit(1), unit(2), unit(3)];
    const input = slots(3);
    input[0] = { ...input[0] as Slot, locked: { hostUnitId: 3 } };
    const proposal = proposeDuties({ units, history: [], slots: input });
    expect(proposal[0]?.hostUnitId).toBe(3);
    expect(proposal[0]?.reasons[0]?.locked).toBe(true);
    expect(proposal.map((a) => a.hostUnitId).sort()).toEqual([1, 2, 3]);
  });

  test('a unit that joins later comes before those who have had the duty, without changing what is decided', () => {
    const units = [unit(1), unit(2), unit(3, { joinedOn: '2027-02-01' })];
    const history: DutyRecord[] = [
      { date: '2026-09-10', format: 'physical', hostUnitId: 2, presenterUnitIds: [1] },
      { date: '2026-11-12', format: 'physical', hostUnitId: 1, presenterUnitIds: [2] },
    ];
    const proposal = proposeDuties({ units, history, slots: slots(3, '2027-03-04') });
    expect(proposal.map((a) => a.hostUnitId)).toEqual([3, 2, 1]);
    expect(history).toHaveLength(2);
  });

  test('the duty balance counts each unit\'s duties', () => {
    const history: DutyRecord[] = [
      { date: '2026-03-12', format: 'physical', hostUnitId: 2, presenterUnitIds: [1] },
      { date: '2026-06-11', format: 'physical', hostUnitId: 2, presenterUnitIds: [1, 3] },
    ];
    expect(dutyBalance([unit(1), unit(2), unit(3)], history)).toEqual([
      { unitId: 1, hosted: 0, presented: 2, lastHosted: null, lastPresented: '2026-06-11' },
      { unitId: 2, hosted: 2, presented: 0, lastHosted: '2026-06-11', lastPresented: null },
      { unitId: 3, hosted: 0, presented: 1, lastHosted: null, lastPresented: '2026-06-11' },
    ]);
  });
});

// Random networks of 2–15 units with random hosting ability and history.
const network = fc
  .record({
    size: fc.integer({ min: 2, max: 15 }),
    canHost: fc.array(fc.boolean(), { minLength: 15, maxLength: 15 }),
    types: fc.array(fc.constantFrom(...TYPES), { minLength: 15, maxLength: 15 }),
    historyLength: fc.integer({ min: 0, max: 20 }),
    historyPicks: fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 20, maxLength: 20 }),
    slotCount: fc.integer({ min: 1, max: 24 }),
  })
  .map(({ size, canHost, types, historyLength, historyPicks, slotCount }) => {
    const units = Array.from({ length: size }, (_, i) => unit(i + 1, { canHost: canHost[i] as boolean, serviceType: types[i] as ServiceType }));
    const history: DutyRecord[] = historyPicks.slice(0, historyLength).map(([h, p], i) => ({
      date: DateTime.fromISO('2024-01-04').plus({ weeks: 5 * i }).toISODate() as string,
      format: 'physical',
      hostUnitId: units[h % size]?.id ?? null,
      presenterUnitIds: [units[p % size]?.id as number],
    }));
    return { units, history, slots: slots(slotCount) };
  });

const counts = (ids: (number | null)[]) => {
  const map = new Map<number, number>();
  for (const id of ids) if (id !== null) map.set(id, (map.get(id) ?? 0) + 1);
  return map;
};

describe('fairness invariants (property tests)', () => {
  test('units that cannot host are never proposed as host', () => {
    fc.assert(
      fc.property(network, ({ units, history, slots: s }) => {
        for (const a of proposeDuties({ units, history, slots: s })) {
          if (a.hostUnitId !== null) expect(units.find((u) => u.id === a.hostUnitId)?.canHost).toBe(true);
          else expect(units.some((u) => u.canHost)).toBe(false);
        }
      }),
    );
  });

  test('over any run of proposed gatherings, hosting counts among eligible units differ by at most one', () => {
    fc.assert(
      fc.property(network, ({ units, history, slots: s }) => {
        const hosts = units.filter((u) => u.canHost);
        fc.pre(hosts.length > 0);
        const proposal = proposeDuties({ units, history, slots: s });
        for (let start = 0; start < proposal.length; start += 1) {
          for (let end = start + hosts.length; end <= proposal.length; end += 1) {
            const run = counts(proposal.slice(start, end).map((a) => a.hostUnitId));
            const values = hosts.map((u) => run.get(u.id) ?? 0);
            expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
          }
        }
        // Within the proposal, no unit hosts a second time before every host has had a turn.
        const firstRound = proposal.slice(0, hosts.length).map((a) => a.hostUnitId);
        expect(new Set(firstRound).size).toBe(firstRound.length);
      }),
    );
  });

  // When every unit can host, the host varies and every unit is in turn free to present.
  test('presenting counts differ by at most one over a run that covers every unit', () => {
    fc.assert(
      fc.property(network, ({ units: raw, slots: s }) => {
        const units = raw.map((u) => ({ ...u, canHost: true }));
        const proposal = proposeDuties({ units, history: [], slots: s });
        const presenters = proposal.map((a) => a.presenterUnitIds[0] ?? null);
        const run = counts(presenters);
        if (proposal.length % units.length === 0) {
          const values = units.map((u) => run.get(u.id) ?? 0);
          expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
        }
        const firstRound = presenters.slice(0, units.length);
        expect(new Set(firstRound).size).toBe(firstRound.length);
      }),
    );
  });

  test('host and presenter differ, and no unit has the same duty twice in a row when another is eligible', () => {
    fc.assert(
      fc.property(network, ({ units, history, slots: s }) => {
        const proposal = proposeDuties({ units, history, slots: s });
        const hostCount = units.filter((u) => u.canHost).length;
        proposal.forEach((a, i) => {
          expect(a.presenterUnitIds).not.toContain(a.hostUnitId);
          const previous = proposal[i - 1];
          if (previous && hostCount > 1 && a.hostUnitId !== null) expect(a.hostUnitId).not.toBe(previous.hostUnitId);
          const others = units.filter((u) => u.id !== a.hostUnitId && u.id !== previous?.presenterUnitIds[0]);
          if (previous && others.length > 0) expect(a.presenterUnitIds[0]).not.toBe(previous.presenterUnitIds[0]);
        });
      }),
    );
  });

  test('archived or departed units drop out, and units not yet joined are not chosen', () => {
    fc.assert(
      fc.property(network, fc.nat(), ({ units, history, slots: s }, pick) => {
        const leaving = units[pick % units.length] as RotationUnit;
        const cut = s[Math.floor(s.length / 2)]?.date as string;
        const changed = units.map((u) => (u.id === leaving.id ? { ...u, leftOn: cut } : u));
        const proposal = proposeDuties({ units: changed, history, slots: s });
        proposal.forEach((a, i) => {
          if ((s[i]?.date as string) >= cut) {
            expect(a.hostUnitId).not.toBe(leaving.id);
            expect(a.presenterUnitIds).not.toContain(leaving.id);
          }
        });
      }),
    );
  });

  test('the same input gives the same proposal', () => {
    fc.assert(
      fc.property(network, ({ units, history, slots: s }) => {
        expect(proposeDuties({ units, history, slots: s })).toEqual(proposeDuties({ units: [...units].reverse(), history: [...history].reverse(), slots: s }));
      }),
    );
  });
});
