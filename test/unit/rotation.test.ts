import { DateTime } from 'luxon';
import { dutyBalance, proposeDuties } from '../../src/planning/rotation';
import type { DutyRecord, RotationUnit, Slot } from '../../src/planning/dutyTypes';
import type { ServiceType } from '../../src/units/serviceTypes';

const TYPES: ServiceType[] = ['municipal', 'mentalHealth', 'addiction', 'welfare', 'userOrganisation'];
const unit = (id: number, overrides: Partial<RotationUnit> = {}): RotationUnit => ({
  id,
  name: `Enhet ${id}`,
  serviceType: TYPES[id % TYPES.length] as ServiceType,
  canHost: true,
  joinedOn: '2020-01-01',
  ...overrides,
});
const slots = (count: number, from = '2027-01-07', format: Slot['format'] = 'physical'): Slot[] =>
  Array.from({ length: count }, (_, i) => ({
    date: DateTime.fromISO(from)
      .plus({ weeks: 6 * i })
      .toISODate() as string,
    format,
  }));
const record = (
  date: string,
  hostUnitId: number | null,
  presenterUnitIds: number[],
  format: DutyRecord['format'] = 'physical',
): DutyRecord => ({ date, format, hostUnitId, presenterUnitIds });
const hosts = (proposal: { hostUnitId: number | null }[]) => proposal.map((a) => a.hostUnitId);
const presenters = (proposal: { presenterUnitIds: number[] }[]) => proposal.map((a) => a.presenterUnitIds);

describe('who hosts', () => {
  test('the unit that has waited longest hosts first; one that never hosted counts as waited longest', () => {
    const units = [unit(1), unit(2), unit(3)];
    const history = [record('2026-03-12', 2, [1]), record('2026-06-11', 1, [2])];
    const proposal = proposeDuties({ units, history, slots: slots(3) });
    expect(hosts(proposal)).toEqual([3, 2, 1]);
    expect(proposal[0]?.reasons.find((r) => r.duty === 'host')).toEqual({
      unitId: 3,
      duty: 'host',
      lastDate: null,
      countInWindow: 0,
      window: 2,
      locked: false,
    });
    expect(proposal[1]?.reasons.find((r) => r.duty === 'host')).toEqual({
      unitId: 2,
      duty: 'host',
      lastDate: '2026-03-12',
      countInWindow: 1,
      window: 3,
      locked: false,
    });
  });

  test('fairness looks at the whole history, not just this year', () => {
    const units = [unit(1), unit(2), unit(3)];
    // Unit 1 hosted last in 2024; 2 and 3 hosted in 2025.
    const history = [record('2024-10-10', 1, [2]), record('2025-02-13', 2, [3]), record('2025-05-15', 3, [1])];
    expect(hosts(proposeDuties({ units, history, slots: slots(1, '2026-02-12') }))).toEqual([1]);
  });

  test('ties go to the unit that joined first, then to the lower id', () => {
    const units = [
      unit(5, { joinedOn: '2021-01-01' }),
      unit(4, { joinedOn: '2022-01-01' }),
      unit(3, { joinedOn: '2022-01-01' }),
    ];
    expect(hosts(proposeDuties({ units, history: [], slots: slots(3) }))).toEqual([5, 3, 4]);
  });

  test('a digital gathering has no host; a unit that cannot host never hosts; nobody able to host means no host', () => {
    const units = [unit(1, { canHost: false }), unit(2), unit(3)];
    expect(
      hosts(proposeDuties({ units, history: [], slots: [...slots(2), { date: '2027-12-02', format: 'digital' }] })),
    ).toEqual([2, 3, null]);
    expect(
      hosts(
        proposeDuties({
          units: [unit(1, { canHost: false }), unit(2, { canHost: false })],
          history: [],
          slots: slots(2),
        }),
      ),
    ).toEqual([null, null]);
  });

  test('a hybrid gathering needs a room, so it gets a host', () => {
    expect(
      hosts(proposeDuties({ units: [unit(1), unit(2)], history: [], slots: slots(1, '2027-01-07', 'hybrid') })),
    ).toEqual([1]);
  });

  test('no unit hosts twice in a row, even with a digital gathering between', () => {
    const units = [unit(1), unit(2)];
    const proposal = proposeDuties({
      units,
      history: [record('2026-11-12', 1, [2])],
      slots: [{ date: '2027-01-07', format: 'digital' }, ...slots(2, '2027-02-18')],
    });
    expect(hosts(proposal)).toEqual([null, 2, 1]);
  });
});

describe('who presents', () => {
  test('host and presenter differ, and presentations alternate between service types', () => {
    const units = [
      unit(1, { serviceType: 'municipal' }),
      unit(2, { serviceType: 'municipal' }),
      unit(3, { serviceType: 'mentalHealth' }),
      unit(4, { serviceType: 'addiction' }),
    ];
    const proposal = proposeDuties({ units, history: [], slots: slots(4) });
    for (const a of proposal) expect(a.presenterUnitIds).not.toContain(a.hostUnitId);
    const types = proposal.map((a) => units.find((u) => u.id === a.presenterUnitIds[0])?.serviceType);
    for (let i = 1; i < types.length; i += 1) expect(types[i]).not.toBe(types[i - 1]);
    // Everyone presents once before anyone presents again.
    expect(new Set(presenters(proposal).flat()).size).toBe(4);
  });

  test('a unit alone in the network both hosts and presents', () => {
    expect(
      proposeDuties({ units: [unit(1)], history: [], slots: slots(2) }).map((a) => [a.hostUnitId, a.presenterUnitIds]),
    ).toEqual([
      [1, [1]],
      [1, [1]],
    ]);
  });

  test('two presenters a gathering: never the host, never the same unit twice in one gathering', () => {
    const units = [unit(1), unit(2), unit(3), unit(4), unit(5)];
    const proposal = proposeDuties({ units, history: [], slots: slots(5), presentersPerGathering: 2 });
    for (const a of proposal) {
      expect(a.presenterUnitIds).toHaveLength(2);
      expect(new Set(a.presenterUnitIds).size).toBe(2);
      expect(a.presenterUnitIds).not.toContain(a.hostUnitId);
    }
    const counts = units.map(
      (u) =>
        presenters(proposal)
          .flat()
          .filter((id) => id === u.id).length,
    );
    expect(counts).toEqual([2, 2, 2, 2, 2]);
  });

  test("looking ahead: the next gathering's host presents now when it would otherwise be left without a turn", () => {
    // Two units: A hosts, B presents; B hosts, A presents; at the digital one A presents again,
    // because B will present when A hosts next — a repeat is cheaper than a turn out of round.
    const units = [unit(1), unit(2)];
    const proposal = proposeDuties({
      units,
      history: [],
      slots: [...slots(2), { date: '2027-04-01', format: 'digital' }, { date: '2027-05-13', format: 'physical' }],
    });
    expect(hosts(proposal)).toEqual([1, 2, null, 1]);
    expect(presenters(proposal)).toEqual([[2], [1], [1], [2]]);
  });
});

describe('who brings the case', () => {
  test('a unit free of the other duties brings the case, and every unit has its turn before anyone has a second', () => {
    const units = [unit(1), unit(2), unit(3), unit(4)];
    const proposal = proposeDuties({ units, history: [], slots: slots(4) });
    const first = proposal[0];
    expect(first?.caseUnitId).not.toBeNull();
    expect([first?.hostUnitId, ...(first?.presenterUnitIds ?? [])]).not.toContain(first?.caseUnitId);
    expect(new Set(proposal.map((a) => a.caseUnitId)).size).toBe(4);
    expect(first?.reasons.find((r) => r.duty === 'case')).toMatchObject({ unitId: first?.caseUnitId, lastDate: null });
  });

  test('the last case counts: the unit that brought it is not proposed first', () => {
    const units = [unit(1), unit(2), unit(3)];
    const history = [{ ...record('2026-11-05', 1, [2]), caseUnitId: 3 }];
    const [a] = proposeDuties({ units, history, slots: slots(1) });
    expect(a?.caseUnitId).not.toBe(3);
    // A locked case is kept as given.
    const [locked] = proposeDuties({ units, history, slots: [{ ...slots(1)[0]!, locked: { caseUnitId: 3 } }] });
    expect(locked?.caseUnitId).toBe(3);
    expect(locked?.reasons.find((r) => r.duty === 'case')).toMatchObject({ locked: true, lastDate: '2026-11-05' });
  });
});

describe('locks, history and membership', () => {
  test('locked duties are kept and the rest is proposed around them', () => {
    const units = [unit(1), unit(2), unit(3)];
    const input = slots(3);
    input[0] = { ...(input[0] as Slot), locked: { hostUnitId: 3, presenterUnitIds: [1] } };
    const proposal = proposeDuties({ units, history: [], slots: input });
    expect(proposal[0]).toMatchObject({ hostUnitId: 3, presenterUnitIds: [1] });
    expect(proposal[0]?.reasons.filter((r) => r.duty !== 'case').every((r) => r.locked)).toBe(true);
    expect(hosts(proposal).sort()).toEqual([1, 2, 3]);
    expect(presenters(proposal).flat().sort()).toEqual([1, 2, 3]);
  });

  test('a locked duty later in the year counts: the unit is not proposed for the same duty before it', () => {
    const units = [unit(1), unit(2), unit(3)];
    const input = slots(3);
    input[2] = { ...(input[2] as Slot), locked: { hostUnitId: 1 } };
    expect(hosts(proposeDuties({ units, history: [], slots: input }))).toEqual([2, 3, 1]);
  });

  test('an accepted gathering after the proposed ones counts where it falls', () => {
    const units = [unit(1), unit(2), unit(3)];
    const history = [record('2027-12-02', 1, [2])];
    const proposal = proposeDuties({ units, history, slots: slots(2, '2027-03-04') });
    expect(hosts(proposal)).toEqual([2, 3]);
    // Unit 2 presents in December, so it does not present in the gatherings before either.
    expect(presenters(proposal).flat()).not.toContain(2);
    expect(proposal[0]?.reasons.find((r) => r.duty === 'host')?.lastDate).toBeNull();
  });

  test('a host locked on a presenter is avoided as host when another can host', () => {
    const units = [unit(1), unit(2), unit(3)];
    const proposal = proposeDuties({
      units,
      history: [],
      slots: [{ date: '2027-01-07', format: 'physical', locked: { presenterUnitIds: [1] } }],
    });
    expect(proposal[0]).toMatchObject({ hostUnitId: 2, presenterUnitIds: [1] });
  });

  test('a unit that joins later comes before those who have had the duty, without changing what is decided', () => {
    const units = [unit(1), unit(2), unit(3, { joinedOn: '2027-02-01' })];
    const history = [record('2026-09-10', 2, [1]), record('2026-11-12', 1, [2])];
    const before = structuredClone(history);
    const proposal = proposeDuties({ units, history, slots: slots(3, '2027-03-04') });
    expect(hosts(proposal)).toEqual([3, 2, 1]);
    expect(presenters(proposal)[0]).toEqual([1]);
    expect(history).toEqual(before);
  });

  test('a unit that has left, or has not joined yet, gets no duty', () => {
    const units = [unit(1), unit(2, { leftOn: '2027-02-01' }), unit(3, { joinedOn: '2027-06-01' }), unit(4)];
    const proposal = proposeDuties({ units, history: [], slots: slots(4, '2027-03-04') });
    for (const [i, a] of proposal.entries()) {
      const date = DateTime.fromISO('2027-03-04')
        .plus({ weeks: 6 * i })
        .toISODate() as string;
      expect([a.hostUnitId, ...a.presenterUnitIds]).not.toContain(2);
      if (date < '2027-06-01') expect([a.hostUnitId, ...a.presenterUnitIds]).not.toContain(3);
    }
  });

  test('the same input gives the same proposal, whatever order units and history come in', () => {
    const units = [unit(1), unit(2), unit(3), unit(4)];
    const history = [record('2026-03-12', 2, [1]), record('2026-06-11', 4, [3]), record('2026-09-10', 1, [2])];
    const proposal = proposeDuties({ units, history, slots: slots(6) });
    expect(proposeDuties({ units: [...units].reverse(), history: [...history].reverse(), slots: slots(6) })).toEqual(
      proposal,
    );
  });
});

describe('duty balance', () => {
  test("counts each unit's duties and the last dates", () => {
    const history = [{ ...record('2026-06-11', 2, [1, 3]), caseUnitId: 2 }, record('2026-03-12', 2, [1])];
    const none = { cased: 0, lastCased: null };
    expect(dutyBalance([unit(1), unit(2), unit(3), unit(1)], history)).toEqual([
      { unitId: 1, hosted: 0, presented: 2, lastHosted: null, lastPresented: '2026-06-11', ...none },
      {
        unitId: 2,
        hosted: 2,
        presented: 0,
        lastHosted: '2026-06-11',
        lastPresented: null,
        cased: 1,
        lastCased: '2026-06-11',
      },
      { unitId: 3, hosted: 0, presented: 1, lastHosted: null, lastPresented: '2026-06-11', ...none },
    ]);
  });
});
