import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import icalGenerator, {
  ICalAttendee,
  type ICalCalendar,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalCalendarMethod,
  ICalEventStatus,
} from 'ical-generator';
import { DateTime } from 'luxon';
import { TIME_ZONE } from '../kernel/dates';
import { remembered } from '../kernel/remembered';
import { foldLines } from './fold';

/** What every calendar channel (feeds, invitations, updates and cancellations) says about a gathering. */
export interface CalendarGathering {
  /** Stored with the gathering, never built from configuration: a new address must not duplicate events. */
  uid: string;
  /** Rises with every change, so calendars replace what they hold. */
  sequence: number;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  location: string;
  description: string;
  url: string;
  cancelled: boolean;
  updatedAt: Date;
}

/**
 * The one place a gathering becomes an iCalendar event. Times are written with TZID=Europe/Oslo
 * and a matching VTIMEZONE (docs/calendar.md: a Luxon DateTime already in Oslo, never a bare Date,
 * and the VTIMEZONE from @touch4it/ical-timezones, whose TZID matches).
 */
export function buildCalendar(options: CalendarOptions): string {
  const calendar = icalCalendar(options);
  // ical-generator writes every line; the events are folded by our fold (see fold.ts), and the
  // calendar around them (header and VTIMEZONE, the same for every message) is built once.
  const events = foldLines(
    calendar
      .events()
      .map((event, i) => withUtcStamp(event.toString(), options.sentAt ?? (options.gatherings[i]?.updatedAt as Date)))
      .join(''),
  );
  return calendarShell(calendar, options.method).replace(/END:VCALENDAR$/, () => `${events}END:VCALENDAR`);
}

/**
 * DTSTAMP in UTC, as RFC 5545 requires. ical-generator writes it in the calendar's time zone
 * without a TZID (local time that Mozilla's parser reads as floating), so the line is replaced.
 */
export function withUtcStamp(event: string, stamp: Date): string {
  const utc = stamp
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return event.replace(/\r\nDTSTAMP:[^\r]*\r\n/, `\r\nDTSTAMP:${utc}\r\n`);
}

export interface CalendarOptions {
  name: string;
  gatherings: CalendarGathering[];
  method?: 'request' | 'cancel';
  /** A message's DTSTAMP is when it was sent (RFC 5546); a feed's is each gathering's last change. */
  sentAt?: Date;
  /** Invitations only: who invites and who is invited (asked to answer). */
  organizer?: { name: string; email: string };
  attendee?: { name: string; email: string };
}

// Feeds and messages put the same few instants in Oslo over and over; luxon works out the zone's
// offset anew for each DateTime, so each instant is put in Oslo once (DateTimes are immutable).
const osloAt = remembered(1000, (at: number) => DateTime.fromMillis(at).setZone(TIME_ZONE));
const inOslo = (instant: Date): DateTime => osloAt(instant.getTime());

/** The calendar as an ical-generator object; its own toString() gives the same text as buildCalendar, only slower. */
export function icalCalendar(options: CalendarOptions): ICalCalendar {
  const calendar = icalGenerator({
    name: options.name,
    prodId: { company: 'Samling', product: 'Samling', language: 'NO' },
    timezone: { name: TIME_ZONE, generator: getVtimezoneComponent },
    ...(options.method
      ? { method: options.method === 'cancel' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST }
      : {}),
  });
  for (const g of options.gatherings) {
    calendar.createEvent({
      id: g.uid,
      sequence: g.sequence,
      start: inOslo(g.startsAt),
      end: inOslo(g.endsAt),
      timezone: TIME_ZONE,
      stamp: inOslo(g.updatedAt),
      summary: g.summary,
      location: g.location,
      description: g.description,
      url: g.url,
      // Taking one attendee off (CANCEL of an event that goes ahead) carries no STATUS (RFC 5546 §3.2.5).
      status: g.cancelled
        ? ICalEventStatus.CANCELLED
        : options.method === 'cancel'
          ? undefined
          : ICalEventStatus.CONFIRMED,
      ...(options.organizer ? { organizer: options.organizer } : {}),
      ...(options.attendee ? { attendees: [attendeeData(options.attendee)] } : {}),
    });
  }
  return calendar;
}

/** Every invited person is a required participant asked to answer. */
const attendeeData = (attendee: { name: string; email: string }) => ({
  name: attendee.name,
  email: attendee.email,
  rsvp: true,
  role: ICalAttendeeRole.REQ,
  status: ICalAttendeeStatus.NEEDSACTION,
});

const PLACEHOLDER = { name: 'Samling', email: 'attendee@samling.invalid' };

/**
 * The same calendar for many attendees (a send's invitations to one gathering in one language):
 * everything but the ATTENDEE line is built once, and each attendee's line is written by
 * ical-generator's own ICalAttendee and folded as buildCalendar folds it. The text is exactly
 * buildCalendar's for that attendee (test/unit/calendar.test.ts holds them equal).
 */
export function calendarForEachAttendee(
  options: Omit<CalendarOptions, 'attendee'>,
): (attendee: { name: string; email: string }) => string {
  const event = icalCalendar(options).events()[0];
  if (!event) return () => buildCalendar(options);
  const line = (attendee: { name: string; email: string }) =>
    foldLines(new ICalAttendee(attendeeData(attendee), event).toString());
  // The placeholder's line cannot occur inside another: text values escape its ';', and quoted
  // parameters (names) its '"' (RFC 6868).
  const parts = buildCalendar({ ...options, attendee: PLACEHOLDER }).split(line(PLACEHOLDER));
  return (attendee) => parts.join(line(attendee));
}

const shells = new Map<string, string>();
function calendarShell(calendar: ICalCalendar, method: string | undefined): string {
  const key = `${method ?? ''}\n${calendar.name() ?? ''}`;
  let shell = shells.get(key);
  if (shell === undefined) {
    shell = calendar.clear().toString();
    // Feed names are per person and network: keep the cache bounded.
    if (shells.size >= 1000) shells.clear();
    shells.set(key, shell);
  }
  return shell;
}
