import { formatTime } from '../kernel/dates';
import { translator, type Language } from '../kernel/i18n';
import type { CalendarGathering } from './event';
import type { FeedGathering } from './feeds';

/** What a gathering is called in emails and calendars: a joint fagdag by its kind, any other by its network. */
export const gatheringTitle = (g: Pick<FeedGathering, 'kind' | 'networkCount' | 'networkNames'>, language: Language) =>
  g.kind === 'fagdag' && g.networkCount > 1 ? translator(language)('gatherings.kinds.fagdag') : g.networkNames;

/** A gathering as calendars show it, in the reader's language: the same for feeds and invitations. */
export function gatheringEvent(g: FeedGathering, language: Language, baseUrl: string): CalendarGathering {
  const t = translator(language);
  const kind = gatheringTitle(g, language);
  const agendaUrl = new URL(`/gatherings/${g.id}/agenda/print`, baseUrl).toString();
  const agenda = g.agenda?.items.map((item) => `${item.startTime}–${item.endTime} ${item.title}`).join('\n');
  return {
    uid: g.uid,
    sequence: g.sequence,
    startsAt: g.startsAt,
    endsAt: g.endsAt,
    summary: `${kind}${g.topic ? `: ${g.topic}` : ''}`,
    location: g.format === 'digital' ? g.meetingUrl : g.venue,
    description: [
      g.topic ? `${t('gatherings.topic')}: ${g.topic}` : '',
      `${formatTime(g.startsAt)}–${formatTime(g.endsAt)}`,
      g.format !== 'physical' && g.meetingUrl ? `${t('planning.meetingUrl')}: ${g.meetingUrl}` : '',
      agenda ? `\n${t('agenda.printHeading')}:\n${agenda}` : '',
      `\n${agendaUrl}`,
    ]
      .filter(Boolean)
      .join('\n'),
    url: agendaUrl,
    cancelled: g.status === 'cancelled',
    updatedAt: g.updatedAt,
  };
}
