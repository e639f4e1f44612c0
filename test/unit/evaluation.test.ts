import fc from 'fast-check';
import { topicWishLines } from '../../src/evaluation/queries';
import { evaluationForm } from '../../src/evaluation/schema';
import {
  MIN_ANSWERS_SHOWN,
  summariseEvaluations,
  summariseTallies,
  USEFULNESS_SCORES,
  type EvaluationRow,
} from '../../src/evaluation/summary';

const row = (usefulness: number, topicRelevant = true, enoughExchange = false): EvaluationRow => ({
  usefulness,
  topicRelevant,
  enoughExchange,
});

test('figures are shown from three answers', () => {
  expect(MIN_ANSWERS_SHOWN).toBe(3);
  const summary = summariseEvaluations([row(5), row(4, false, true), row(3)]);
  expect(summary).toEqual({
    answered: 3,
    usefulnessAverage: 4,
    usefulnessCounts: { 1: 0, 2: 0, 3: 1, 4: 1, 5: 1 },
    topicRelevantShare: 2 / 3,
    enoughExchangeShare: 1 / 3,
    aimMetAverage: null,
    shown: true,
  });
});

test('with two answers nothing but the count is given', () => {
  expect(summariseEvaluations([row(1), row(5)])).toEqual({
    answered: 2,
    usefulnessAverage: null,
    usefulnessCounts: {},
    topicRelevantShare: null,
    enoughExchangeShare: null,
    aimMetAverage: null,
    shown: false,
  });
  expect(summariseEvaluations([])).toMatchObject({ answered: 0, shown: false });
});

test('whether the aim was met is averaged only from three answers about it', () => {
  const aim = (usefulness: number, aimMet: number | null) => ({ ...row(usefulness), aimMet });
  expect(summariseEvaluations([aim(4, 5), aim(4, 4), aim(4, null)]).aimMetAverage).toBeNull();
  expect(summariseEvaluations([aim(4, 5), aim(4, 4), aim(4, 3)]).aimMetAverage).toBe(4);
  expect(
    summariseTallies({ usefulnessCounts: { 4: 3 }, topicRelevant: 0, enoughExchange: 0, aimSum: 12, aimAnswers: 3 })
      .aimMetAverage,
  ).toBe(4);
});

test('tallies from a grouped query give the same summary as the rows', () => {
  const rows = [row(2, true, true), row(2, false, true), row(5, true, false), row(1, false, false)];
  expect(
    summariseTallies({
      usefulnessCounts: { 1: 1, 2: 2, 5: 1 },
      topicRelevant: 2,
      enoughExchange: 2,
      aimSum: 0,
      aimAnswers: 0,
    }),
  ).toEqual(summariseEvaluations(rows));
});

const rowsArb = fc.array(
  fc.record({ usefulness: fc.integer({ min: 1, max: 5 }), topicRelevant: fc.boolean(), enoughExchange: fc.boolean() }),
  { maxLength: 60 },
);

test('property: hidden below three, average within 1..5, counts sum to the answers, shares within 0..1', () => {
  fc.assert(
    fc.property(rowsArb, (rows) => {
      const s = summariseEvaluations(rows);
      expect(s.answered).toBe(rows.length);
      expect(s.shown).toBe(rows.length >= MIN_ANSWERS_SHOWN);
      if (!s.shown) {
        expect([s.usefulnessAverage, s.topicRelevantShare, s.enoughExchangeShare]).toEqual([null, null, null]);
        expect(s.usefulnessCounts).toEqual({});
        return;
      }
      expect(s.usefulnessAverage).toBeGreaterThanOrEqual(1);
      expect(s.usefulnessAverage).toBeLessThanOrEqual(5);
      expect(USEFULNESS_SCORES.reduce((sum, score) => sum + (s.usefulnessCounts[score] ?? 0), 0)).toBe(rows.length);
      for (const share of [s.topicRelevantShare, s.enoughExchangeShare]) {
        expect(share).toBeGreaterThanOrEqual(0);
        expect(share).toBeLessThanOrEqual(1);
      }
    }),
  );
});

test('property: the order of the answers does not change the summary', () => {
  fc.assert(
    fc.property(rowsArb, (rows) =>
      expect(summariseEvaluations([...rows].reverse())).toEqual(summariseEvaluations(rows)),
    ),
  );
});

test('topic wishes: one per line, trimmed, blanks skipped, each once', () => {
  expect(topicWishLines('  Rusavklaring \n\n\r\nsamtykke\nRUSAVKLARING\n  ')).toEqual(['Rusavklaring', 'samtykke']);
});

describe('the form', () => {
  const valid = {
    usefulness: '4',
    topicRelevant: 'yes',
    enoughExchange: 'no',
    whatWorked: ' Caset ',
    whatToChange: '',
    topicWishes: '',
  };
  test('parses scores and yes/no', () => {
    expect(evaluationForm(false).parse(valid)).toEqual({
      usefulness: 4,
      topicRelevant: true,
      enoughExchange: false,
      whatWorked: 'Caset',
      whatToChange: '',
      topicWishes: '',
      aimMet: null,
      aimComment: '',
    });
  });
  test('a gathering with an aim asks whether it was met: a score 1–5 is required, the comment is not', () => {
    expect(evaluationForm(true).parse({ ...valid, aimMet: '5' })).toMatchObject({ aimMet: 5, aimComment: '' });
    const missing = evaluationForm(true).safeParse(valid);
    expect(missing.error?.issues[0]).toMatchObject({ path: ['aimMet'], message: 'evaluation.errors.aimMet' });
    expect(evaluationForm(true).safeParse({ ...valid, aimMet: '6' }).success).toBe(false);
    expect(evaluationForm(true).safeParse({ ...valid, aimMet: '3', aimComment: 'Se 01010012356' }).success).toBe(false);
    // Without an aim, a posted score is ignored rather than stored.
    expect(evaluationForm(false).parse({ ...valid, aimMet: '2' })).toMatchObject({ aimMet: null });
  });
  test.each(['0', '6', 'abc', '', '4.5'])('refuses usefulness %p', (usefulness) => {
    expect(evaluationForm(false).safeParse({ ...valid, usefulness }).success).toBe(false);
  });
  test('refuses an identity number in free text, and too many or too long wishes', () => {
    const refused = evaluationForm(false).safeParse({ ...valid, whatToChange: 'Gjelder 010100 12356?' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({ path: ['whatToChange'], message: 'errors.fnr' });
    expect(evaluationForm(false).safeParse({ ...valid, topicWishes: 'x'.repeat(201) }).success).toBe(false);
    expect(
      evaluationForm(false).safeParse({
        ...valid,
        topicWishes: Array.from({ length: 11 }, (_, i) => `Tema ${i}`).join('\n'),
      }).success,
    ).toBe(false);
  });
});
