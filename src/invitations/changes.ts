import type { FeedGathering } from '../calendar/feeds';

/** What an invitation said about a gathering, kept per sent version. */
export interface GatheringState {
  startsAt: string;
  endsAt: string;
  format: FeedGathering['format'];
  venue: string;
  meetingUrl: string;
  topic: string;
  /** The published agenda's items, or null before one is published. */
  agenda: string | null;
}

export type Change =
  | { kind: 'when'; from: { startsAt: string; endsAt: string }; to: { startsAt: string; endsAt: string } }
  | { kind: 'format' | 'venue' | 'meetingUrl' | 'topic'; from: string; to: string }
  | { kind: 'agendaPublished' | 'agendaChanged' };

export function stateOf(
  g: Pick<FeedGathering, 'startsAt' | 'endsAt' | 'format' | 'venue' | 'meetingUrl' | 'topic' | 'agenda'>,
): GatheringState {
  return {
    startsAt: new Date(g.startsAt).toISOString(),
    endsAt: new Date(g.endsAt).toISOString(),
    format: g.format,
    venue: g.venue,
    meetingUrl: g.meetingUrl,
    topic: g.topic,
    agenda: g.agenda ? agendaContent(g.agenda.items) : null,
  };
}

/**
 * What the agenda says, without its times: they follow the gathering's start, which the email
 * reports as a move of its own. States stored before this rule still hold times, hence the parse.
 */
function agendaContent(items: Record<string, unknown>[] | string): string {
  const list: Record<string, unknown>[] = typeof items === 'string' ? JSON.parse(items) : items;
  return JSON.stringify(list.map(({ startTime: _start, endTime: _end, ...rest }) => rest));
}

/** The changes between what a person was sent and what holds now, in the order the email lists them. */
export function changesBetween(before: GatheringState, after: GatheringState): Change[] {
  const changes: Change[] = [];
  if (before.startsAt !== after.startsAt || before.endsAt !== after.endsAt) {
    changes.push({
      kind: 'when',
      from: { startsAt: before.startsAt, endsAt: before.endsAt },
      to: { startsAt: after.startsAt, endsAt: after.endsAt },
    });
  }
  for (const kind of ['format', 'venue', 'meetingUrl', 'topic'] as const) {
    if (before[kind] !== after[kind]) changes.push({ kind, from: before[kind], to: after[kind] });
  }
  const [beforeAgenda, afterAgenda] = [before.agenda, after.agenda].map((a) => (a === null ? null : agendaContent(a)));
  if (beforeAgenda !== afterAgenda) changes.push({ kind: beforeAgenda === null ? 'agendaPublished' : 'agendaChanged' });
  return changes;
}
