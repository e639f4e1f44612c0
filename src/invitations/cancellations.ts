import { hasStarted } from '../kernel/dates';
import { buildCalendar } from '../calendar/event';
import { gatheringEvent } from '../calendar/gatheringEvent';
import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { enqueueEmail, enqueueEmails } from '../mail/outbox';
import { recipientsOf, type Recipient } from './queries';
import { calendarOrganizer } from './calendars';
import { gatheringMailParams, mailEnvelope, sentGatheringsAhead, type MailOptions } from './send';

// Calendar cancellations: a gathering cancelled for everyone, and one person taken off a
// gathering that goes ahead (they left, or their stand-in is no longer needed).

/** Tells everyone invited that the gathering is cancelled: METHOD:CANCEL, same UID, higher SEQUENCE. */
export async function sendCancellations(
  trx: Db,
  gatheringId: number,
  options: MailOptions & { message?: string },
): Promise<number> {
  const domain = new URL(options.baseUrl).hostname;
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  if (!gathering) return 0;
  // Everyone invited who still belongs, and stand-ins (leavers were taken off when they left).
  const invited = (await trx('invitations as i')
    .join('participants as p', 'p.id', 'i.participant_id')
    .where('i.gathering_id', gatheringId)
    .whereNull('p.archived_at')
    .where((w) =>
      w
        .whereNotNull('i.stands_in_for')
        .orWhereExists(
          trx('memberships as m')
            .join('gathering_networks as gn', 'gn.network_id', 'm.network_id')
            .select(trx.raw('1'))
            .whereRaw('m.participant_id = p.id and gn.gathering_id = i.gathering_id')
            .whereNull('m.ends_on'),
        ),
    )
    .select('i.id', 'p.id as participantId', 'p.name', 'p.email', 'p.language')) as (Recipient & { id: number })[];
  const sentAt = new Date();
  for (const recipient of invited) {
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; one update and one message per recipient of a cancellation
    await trx('invitations')
      .where({ id: recipient.id })
      .update({ sent_version: gathering.version, updated_at: trx.fn.now() });
    await enqueueEmail(
      trx,
      {
        template: 'cancellation',
        ...mailEnvelope(recipient, options),
        calendar: { method: 'cancel', content: cancellationFor(gathering, recipient, options, sentAt) },
        params: {
          name: recipient.name,
          ...gatheringMailParams(gathering, recipient.language),
          message: options.message || undefined,
          sender: options.organizer.name,
        },
      },
      domain,
    );
  }
  return invited.length + (await tellRegistrants(trx, gathering, options, sentAt));
}

/**
 * Those registered for a fagdag from its public page (src/registration/) are told too: the
 * confirmed with a calendar CANCEL, those on the waiting list by the email alone.
 */
async function tellRegistrants(
  trx: Db,
  gathering: FeedGathering,
  options: MailOptions & { message?: string },
  sentAt: Date,
): Promise<number> {
  const registrants = (await trx('registrations')
    .where({ gathering_id: gathering.id })
    .whereIn('status', ['confirmed', 'waiting'])
    .orderBy('id')
    .limit(10000)
    .select('name', 'email', 'language', 'status')) as (Pick<Recipient, 'name' | 'email' | 'language'> & {
    status: string;
  })[];
  if (registrants.length === 0) return 0;
  await enqueueEmails(
    trx,
    registrants.map((r) => ({
      template: 'cancellation',
      to: { email: r.email, language: r.language },
      networkId: options.networkId,
      regionId: options.regionId,
      replyTo: options.organizer.email,
      calendar:
        r.status === 'confirmed'
          ? { method: 'cancel' as const, content: cancellationFor(gathering, r, options, sentAt) }
          : undefined,
      params: {
        name: r.name,
        ...gatheringMailParams(gathering, r.language),
        message: options.message || undefined,
        sender: options.organizer.name,
      },
    })),
    new URL(options.baseUrl).hostname,
  );
  return registrants.length;
}

/** The calendar part that takes a gathering out of one person's calendar. */
function cancellationFor(
  gathering: FeedGathering,
  recipient: Pick<Recipient, 'name' | 'email' | 'language'>,
  options: MailOptions,
  sentAt: Date,
): string {
  return buildCalendar({
    name: 'Samling',
    method: 'cancel',
    sentAt,
    gatherings: [gatheringEvent(gathering, recipient.language, options.baseUrl)],
    organizer: calendarOrganizer(options),
    attendee: { name: recipient.name, email: recipient.email },
  });
}

/**
 * Takes one person off a gathering that goes ahead: they left the network, or another stand-in
 * was named in their place. Their invitation (and with it every answer link) is gone, and they
 * are told they are no longer invited — not that the gathering is cancelled. The calendar
 * CANCEL names only them, carries no STATUS and a higher SEQUENCE than anything sent before.
 */
export async function uninvite(
  trx: Db,
  gatheringId: number,
  participantId: number,
  options: MailOptions & { reason: 'left' | 'replaced' | 'notNeeded'; standingInFor?: string },
): Promise<boolean> {
  const removed = await trx('invitations')
    .where({ gathering_id: gatheringId, participant_id: participantId })
    .delete()
    .returning('id');
  if (removed.length === 0) return false;
  await trx('gatherings')
    .where({ id: gatheringId })
    .update({ uninvitations: trx.raw('uninvitations + 1') });
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  const recipient = (await trx('participants')
    .where({ id: participantId })
    .whereNull('archived_at')
    .first('id as participantId', 'name', 'email', 'language')) as Recipient | undefined;
  if (!gathering || !recipient || hasStarted(gathering)) return true;
  await enqueueEmail(
    trx,
    {
      template: 'uninvited',
      ...mailEnvelope(recipient, options),
      calendar: { method: 'cancel', content: cancellationFor(gathering, recipient, options, new Date()) },
      params: {
        name: recipient.name,
        ...gatheringMailParams(gathering, recipient.language),
        // i18next context: the body says why (left is the plain key, the others their context).
        context: options.reason === 'left' ? undefined : options.reason,
        standingInFor: options.standingInFor,
        sender: options.organizer.name,
      },
    },
    new URL(options.baseUrl).hostname,
  );
  return true;
}

/** Someone who leaves is taken off the gatherings ahead, unless another of their networks shares them. */
export async function cancelForLeaver(trx: Db, participantId: number, options: MailOptions): Promise<number> {
  const ids = await sentGatheringsAhead(trx, options.networkId);
  const recipients = await recipientsOf(trx, ids);
  let sent = 0;
  for (const id of ids) {
    if ((recipients.get(id) ?? []).some((r) => r.participantId === participantId)) continue;
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; a leaver has a few gatherings ahead
    if (await uninvite(trx, id, participantId, { ...options, reason: 'left' })) sent += 1;
  }
  return sent;
}
