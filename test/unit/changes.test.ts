import fc from 'fast-check';
import { changesBetween, type GatheringState } from '../../src/invitations/changes';

const sent: GatheringState = {
  startsAt: '2027-04-01T10:00:00.000Z',
  endsAt: '2027-04-01T13:00:00.000Z',
  format: 'physical',
  venue: 'Øyane DPS, Knarvik',
  meetingUrl: '',
  topic: 'ROP-avklaringsmøter',
  agenda: null,
};

test('nothing changed, nothing listed', () => {
  expect(changesBetween(sent, { ...sent })).toEqual([]);
});

test('a new time, a new venue and a published agenda are listed in that order', () => {
  const now = {
    ...sent,
    startsAt: '2027-04-08T11:00:00.000Z',
    endsAt: '2027-04-08T14:00:00.000Z',
    venue: 'Knarvik kulturhus',
    agenda: '[]',
  };
  expect(changesBetween(sent, now)).toEqual([
    {
      kind: 'when',
      from: { startsAt: sent.startsAt, endsAt: sent.endsAt },
      to: { startsAt: now.startsAt, endsAt: now.endsAt },
    },
    { kind: 'venue', from: 'Øyane DPS, Knarvik', to: 'Knarvik kulturhus' },
    { kind: 'agendaPublished' },
  ]);
  expect(changesBetween({ ...sent, agenda: '[]' }, { ...sent, agenda: '[{"title":"Velkommen"}]' })).toEqual([
    { kind: 'agendaChanged' },
  ]);
});

test('each field changed on its own gives exactly one change, of its kind', () => {
  const fields = fc.constantFrom('venue', 'meetingUrl', 'topic', 'endsAt', 'format');
  fc.assert(
    fc.property(fields, fc.string({ minLength: 1 }), (field, value) => {
      const now = { ...sent, [field]: field === 'format' ? 'digital' : sent[field] + value };
      const changes = changesBetween(sent, now as GatheringState);
      expect(changes).toHaveLength(1);
      expect(changes[0]?.kind).toBe(field === 'endsAt' ? 'when' : field);
    }),
  );
});

test('an agenda whose items only moved with the gathering has not changed (also against states stored with times)', () => {
  const at = (start: string, end: string) =>
    JSON.stringify([{ kind: 'welcome', title: 'Velkommen', durationMinutes: 15, startTime: start, endTime: end }]);
  expect(changesBetween({ ...sent, agenda: at('12:00', '12:15') }, { ...sent, agenda: at('12:30', '12:45') })).toEqual(
    [],
  );
  const renamed = at('12:30', '12:45').replace('Velkommen', 'Velkommen og runde');
  expect(changesBetween({ ...sent, agenda: at('12:00', '12:15') }, { ...sent, agenda: renamed })).toEqual([
    { kind: 'agendaChanged' },
  ]);
});
