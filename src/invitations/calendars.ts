import { calendarForEachAttendee } from '../calendar/event';
import { gatheringEvent } from '../calendar/gatheringEvent';
import type { FeedGathering } from '../calendar/feeds';
import type { Recipient } from './queries';

/** What a network's calendar requests say of who sends them (the send's MailOptions, src/invitations/send.ts). */
interface Sender {
  baseUrl: string;
  organizer: { name: string; email: string };
  /** Samling's address for calendar answers (REPLY_ADDRESS), when it receives them. */
  replyAddress: string | undefined;
}

/** ORGANIZER of every REQUEST and CANCEL: the leader by name, at Samling's reply address when it takes calendar answers. */
export const calendarOrganizer = (options: Pick<Sender, 'organizer' | 'replyAddress'>) => ({
  name: options.organizer.name,
  email: options.replyAddress ?? options.organizer.email,
});

/** Who gets which calendar request in one send (sent at `sentAt`). */
export type InvitationCalendars = (gathering: FeedGathering, recipient: Recipient) => string;

/**
 * The calendar requests of one send: each gathering's is built once per language, and each
 * recipient's differs from it only in their own ATTENDEE line.
 */
export function invitationCalendars(options: Sender, sentAt: Date): InvitationCalendars {
  const built = new Map<string, (attendee: { name: string; email: string }) => string>();
  return (gathering, recipient) => {
    const key = `${gathering.id}:${recipient.language}`;
    let calendarFor = built.get(key);
    if (!calendarFor) {
      calendarFor = calendarForEachAttendee({
        name: 'Samling',
        method: 'request',
        sentAt,
        gatherings: [gatheringEvent(gathering, recipient.language, options.baseUrl)],
        organizer: calendarOrganizer(options),
      });
      built.set(key, calendarFor);
    }
    return calendarFor({ name: recipient.name, email: recipient.email });
  };
}
