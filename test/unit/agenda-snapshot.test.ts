import { agendaSnapshot, changedSincePublished, responsibleOf, type ItemToPublish } from '../../src/agenda/snapshot';
import { suggestedOrder } from '../../src/agenda/topics';

const item = (overrides: Partial<ItemToPublish>): ItemToPublish => ({
  kind: 'other',
  title: 'Punkt',
  description: '',
  durationMinutes: 30,
  responsiblePerson: '',
  responsibleUnitName: null,
  responsibleOrganisation: null,
  ...overrides,
});
const gathering = { topic: 'ROP', startTime: '12:00', endTime: '15:00' };

describe('the published agenda', () => {
  test('names the unit with its organisation, then the person, or nobody', () => {
    expect(responsibleOf(item({ responsibleUnitName: 'DPS Nord', responsibleOrganisation: 'Sykehuset' }))).toBe(
      'Sykehuset – DPS Nord',
    );
    expect(
      responsibleOf(
        item({ responsibleUnitName: 'DPS Nord', responsibleOrganisation: 'Sykehuset', responsiblePerson: 'Kari' }),
      ),
    ).toBe('Sykehuset – DPS Nord, Kari');
    expect(responsibleOf(item({ responsiblePerson: 'Kari' }))).toBe('Kari');
    expect(agendaSnapshot(gathering, [item({})], 'Ingen').items[0]?.responsible).toBe('Ingen');
  });

  test('holds the topic, the times and each item timed from the start', () => {
    const snapshot = agendaSnapshot(gathering, [item({ durationMinutes: 10 }), item({ durationMinutes: 45 })], '-');
    expect(snapshot).toMatchObject({ topic: 'ROP', startTime: '12:00', endTime: '15:00' });
    expect(snapshot.items.map((i) => [i.startTime, i.endTime])).toEqual([
      ['12:00', '12:10'],
      ['12:10', '12:55'],
    ]);
  });

  test('is unchanged when only the gathering moved, changed when an item did', () => {
    const published = agendaSnapshot(gathering, [item({ durationMinutes: 10 })], '-');
    const moved = agendaSnapshot(
      { ...gathering, startTime: '13:00', endTime: '16:00' },
      [item({ durationMinutes: 10 })],
      '-',
    );
    expect(changedSincePublished(published, moved)).toBe(false);
    expect(changedSincePublished(published, agendaSnapshot(gathering, [item({ durationMinutes: 20 })], '-'))).toBe(
      true,
    );
    expect(changedSincePublished(undefined, moved)).toBe(false);
  });

  test('compares values, not the key order jsonb gives back', () => {
    const current = agendaSnapshot(gathering, [item({})], '-');
    const stored = JSON.parse(
      JSON.stringify({ items: current.items, endTime: '15:00', startTime: '12:00', topic: 'ROP' }),
    );
    expect(changedSincePublished(stored, current)).toBe(false);
  });
});

describe('topic suggestions', () => {
  const topic = (title: string, coveredAt: Date | null, usedInRegion: number) => ({
    id: title.length,
    title,
    coveredAt,
    usedInRegion,
  });

  test('uncovered topics first, the most used in the region on top, then by title', () => {
    const order = suggestedOrder([
      topic('Covered', new Date('2024-01-01'), 9),
      topic('Beta', null, 0),
      topic('Alpha', null, 0),
      topic('Popular', null, 3),
    ]).map((t) => t.title);
    expect(order).toEqual(['Popular', 'Alpha', 'Beta', 'Covered']);
  });
});
