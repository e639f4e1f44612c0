import fc from 'fast-check';
import {
  checkAgenda,
  retimed,
  savedTemplate,
  schedule,
  templateAgenda,
  type AgendaItem,
} from '../../src/agenda/checks';

const item = (overrides: Partial<AgendaItem>): AgendaItem => ({
  kind: 'other',
  title: 'Punkt',
  durationMinutes: 30,
  responsibleUnitId: null,
  responsiblePerson: '',
  anonymisedConfirmed: false,
  ...overrides,
});
const codes = (items: AgendaItem[], overrides = {}) =>
  checkAgenda({
    items,
    startTime: '12:00',
    endTime: '15:00',
    minExchangePercent: 30,
    topic: 'ROP-avklaringsmøter',
    ...overrides,
  }).map((i) => i.code);

describe('agenda checks', () => {
  test('times follow from order and durations', () => {
    expect(
      schedule('12:00', [item({ durationMinutes: 10 }), item({ durationMinutes: 45 })]).map((i) => [
        i.startTime,
        i.endTime,
      ]),
    ).toEqual([
      ['12:00', '12:10'],
      ['12:10', '12:55'],
    ]);
  });

  test('a published agenda moved to a new start keeps its durations and order, back to back from the new start', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 23 * 60 - 1 }),
        fc.integer({ min: 0, max: 23 * 60 - 1 }),
        fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 12 }),
        (from, to, durations) => {
          const hhmm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const published = {
            topic: 'T',
            startTime: hhmm(from),
            endTime: '23:59',
            items: schedule(
              hhmm(from),
              durations.map((d) => ({ title: `${d}`, durationMinutes: d })),
            ),
          };
          const moved = retimed(published, hhmm(to), '23:59');
          expect(moved.items.map((i) => [i.title, i.durationMinutes])).toEqual(
            published.items.map((i) => [i.title, i.durationMinutes]),
          );
          expect(moved.items[0]?.startTime ?? hhmm(to)).toBe(hhmm(to));
          moved.items.forEach((item, i) => {
            if (i > 0) expect(item.startTime).toBe(moved.items[i - 1]?.endTime);
          });
        },
      ),
    );
  });

  test('the template fits the window, keeps 30 % for exchange and passes every check once filled in', () => {
    for (const [start, end] of [
      ['12:00', '15:00'],
      ['09:00', '15:30'],
      ['13:00', '15:00'],
    ] as const) {
      const items = templateAgenda({
        startTime: start,
        endTime: end,
        presenterUnitIds: [7],
        hostUnitId: 3,
      }).map((i) => ({ ...i, title: 'x', anonymisedConfirmed: true }));
      expect(codes(items, { startTime: start, endTime: end })).toEqual([]);
    }
  });

  test('the default template has a service presenting what it offers, by the second presenting unit when there is one', () => {
    const items = templateAgenda({ startTime: '12:00', endTime: '15:00', presenterUnitIds: [7, 8], hostUnitId: 3 });
    expect(items.map((i) => [i.kind, i.responsibleUnitId])).toEqual([
      ['welcome', 3],
      ['topicTalk', 7],
      ['casePresentation', 7],
      ['servicePresentation', 8],
      ['break', null],
      ['exchange', null],
      ['evaluation', null],
    ]);
    // With a case duty, its unit brings the case.
    const withCase = templateAgenda({
      startTime: '12:00',
      endTime: '15:00',
      presenterUnitIds: [7, 8],
      hostUnitId: 3,
      caseUnitId: 9,
    });
    expect(withCase.find((i) => i.kind === 'casePresentation')?.responsibleUnitId).toBe(9);
    expect(items.reduce((sum, i) => sum + i.durationMinutes, 0)).toBe(180);
    expect(
      templateAgenda({ startTime: '12:00', endTime: '15:00', presenterUnitIds: [7], hostUnitId: null })[3]
        ?.responsibleUnitId,
    ).toBe(7);
  });

  test("property: a network's template fills the window exactly when its shares leave room, in its order", () => {
    const kind = fc.constantFrom(
      'welcome',
      'topicTalk',
      'casePresentation',
      'servicePresentation',
      'break',
      'evaluation',
      'other',
    ) as fc.Arbitrary<AgendaItem['kind']>;
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind, title: fc.string({ maxLength: 10 }), percent: fc.integer({ min: 1, max: 20 }) }), {
          maxLength: 5,
        }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 8 * 60, max: 13 * 60 }),
        fc.integer({ min: 120, max: 420 }),
        (others, at, startMinutes, length) => {
          const template = [
            ...others.slice(0, at),
            { kind: 'exchange' as const, title: '', percent: 0 },
            ...others.slice(at),
          ];
          const time = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
          const items = templateAgenda({
            startTime: time(startMinutes),
            endTime: time(startMinutes + length),
            template,
            presenterUnitIds: [],
            hostUnitId: null,
          });
          expect(items.map((i) => i.kind)).toEqual(template.map((i) => i.kind));
          expect(
            items.every((i) => (i.durationMinutes >= 5 && i.durationMinutes % 5 === 0) || i.kind === 'exchange'),
          ).toBe(true);
          const exchange = items.find((i) => i.kind === 'exchange')?.durationMinutes ?? 0;
          if (exchange > 5) expect(items.reduce((sum, i) => sum + i.durationMinutes, 0)).toBe(length);
        },
      ),
    );
  });

  test('each problem is reported: overrun, too little exchange, no responsible unit, case not anonymised, no topic', () => {
    expect(codes([item({ kind: 'exchange', durationMinutes: 200 })])).toContain('overrun');
    expect(codes([item({ kind: 'exchange', durationMinutes: 30 }), item({ durationMinutes: 150 })])).toContain(
      'tooLittleExchange',
    );
    expect(codes([item({ kind: 'topicTalk' }), item({ kind: 'exchange', durationMinutes: 60 })])).toContain(
      'missingResponsible',
    );
    expect(
      codes([
        item({ kind: 'casePresentation', responsibleUnitId: 1 }),
        item({ kind: 'exchange', durationMinutes: 60 }),
      ]),
    ).toContain('caseNotAnonymised');
    expect(codes([item({ kind: 'exchange', durationMinutes: 60 })], { topic: ' ' })).toContain('topicMissing');
    expect(codes([])).toEqual(['empty']);
  });

  test('a short agenda is only a note, not a block', () => {
    const issues = checkAgenda({
      items: [item({ kind: 'exchange', durationMinutes: 60 })],
      startTime: '12:00',
      endTime: '15:00',
      minExchangePercent: 30,
      topic: 'T',
    });
    expect(issues).toEqual([{ code: 'endsEarly', blocking: false, params: { minutes: 120 } }]);
  });

  test('property: exchange time at or above the minimum share never gives "too little exchange"', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60, max: 480 }), fc.integer({ min: 0, max: 100 }), (window, percent) => {
        const needed = Math.ceil((window * percent) / 100);
        const end = `${String(8 + Math.floor(window / 60)).padStart(2, '0')}:${String(window % 60).padStart(2, '0')}`;
        const ok = checkAgenda({
          items: [item({ kind: 'exchange', durationMinutes: Math.max(needed, 1) })],
          startTime: '08:00',
          endTime: end,
          minExchangePercent: percent,
          topic: 'T',
        });
        expect(ok.map((i) => i.code)).not.toContain('tooLittleExchange');
        if (needed > 1) {
          const short = checkAgenda({
            items: [item({ kind: 'exchange', durationMinutes: needed - 1 })],
            startTime: '08:00',
            endTime: end,
            minExchangePercent: percent,
            topic: 'T',
          });
          expect(short.map((i) => i.code)).toContain('tooLittleExchange');
        }
      }),
    );
  });
});

test('a saved template gives the exchange what the others leave, and refuses to leave less than the minimum', () => {
  const items = [
    { kind: 'welcome' as const, title: '', percent: 10 },
    { kind: 'exchange' as const, title: '', percent: 55 },
    { kind: 'topicTalk' as const, title: '', percent: 60 },
  ];
  expect(savedTemplate(items, 30)).toEqual([
    { kind: 'welcome', title: '', percent: 10 },
    { kind: 'exchange', title: '', percent: 0 },
    { kind: 'topicTalk', title: '', percent: 60 },
  ]);
  expect(savedTemplate(items, 31)).toBeUndefined();
});
