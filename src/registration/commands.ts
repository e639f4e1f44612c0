import { buildCalendar } from '../calendar/event';
import { gatheringEvent } from '../calendar/gatheringEvent';
import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { gatheringMailParams } from '../invitations/send';
import type { Language } from '../kernel/i18n';
import { hashSecretToken, newSecretToken } from '../kernel/secretTokens';
import { enqueueEmail } from '../mail/outbox';
import {
  confirm,
  firstWaiting,
  insertRegistration,
  isMemberAddress,
  liveRegistration,
  lockSettings,
  markCancelled,
  placesTaken,
  type Registration,
  type RegistrationSettings,
} from './queries';
import { placesLeft, statusForNew } from './rules';

// What registering, cancelling and moving up the waiting list do, in the caller's transaction.
// Every one takes the fagdag's settings row locked first (lockSettings), so places are counted
// one registration at a time and the capacity is never exceeded.

type EmailKind = 'confirmed' | 'waiting' | 'promoted' | 'again' | 'closed' | 'cancelled';

interface Person {
  name: string;
  email: string;
  language: Language;
}

/** Where a fagdag's mail is filed (its first network and region) and who answers it (KORUS's contact). */
async function mailContext(trx: Db, gatheringId: number) {
  const network = (await trx('gathering_networks as gn')
    .join('networks as n', 'n.id', 'gn.network_id')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('gn.gathering_id', gatheringId)
    .orderBy('n.id')
    .first('n.id as networkId', 's.region_id as regionId')) as { networkId: number; regionId: number } | undefined;
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  return { network, gathering };
}

async function sendRegistrationEmail(
  trx: Db,
  kind: EmailKind,
  person: Person & { status?: Registration['status'] },
  settings: RegistrationSettings,
  baseUrl: string,
  token?: string,
): Promise<void> {
  const { network, gathering } = await mailContext(trx, settings.gatheringId);
  if (!gathering) return;
  const organizer = { name: settings.organizerName, email: settings.organizerEmail };
  const withInvite = kind === 'confirmed' || kind === 'promoted' || (kind === 'again' && person.status === 'confirmed');
  const calendar =
    withInvite || kind === 'cancelled'
      ? {
          method: kind === 'cancelled' ? ('cancel' as const) : ('request' as const),
          content: calendarFor(gathering, person, organizer, baseUrl, kind === 'cancelled' ? 'cancel' : 'request'),
        }
      : undefined;
  await enqueueEmail(
    trx,
    {
      template: 'registration',
      to: { email: person.email, language: person.language },
      networkId: network?.networkId,
      regionId: network?.regionId,
      replyTo: organizer.email,
      calendar,
      params: {
        context: kind,
        name: person.name,
        ...gatheringMailParams(gathering, person.language),
        venue: gathering.format === 'digital' ? gathering.meetingUrl : gathering.venue,
        topic: gathering.topic,
        waiting: person.status === 'waiting',
        agenda: gathering.agenda?.items.map((i) => ({ timeText: `${i.startTime}–${i.endTime}`, title: i.title })) ?? [],
        organizer: organizer.name,
      },
      secretParams: token ? { cancelUrl: new URL(`/avmelding/${token}`, baseUrl).toString() } : undefined,
    },
    new URL(baseUrl).hostname,
  );
}

function calendarFor(
  gathering: FeedGathering,
  person: Person,
  organizer: { name: string; email: string },
  baseUrl: string,
  method: 'request' | 'cancel',
): string {
  return buildCalendar({
    name: 'Samling',
    method,
    sentAt: new Date(),
    gatherings: [gatheringEvent(gathering, person.language, baseUrl)],
    organizer,
    attendee: { name: person.name, email: person.email },
  });
}

export type RegisterOutcome = 'confirmed' | 'waiting' | 'again' | 'closed' | 'gone';

/**
 * Registers one person. Whatever happens, the page says the same ("check your email"), and the
 * person gets an email saying what did: confirmed (with the calendar invite and a cancel link),
 * on the waiting list, already registered (with a new cancel link), or not open to them.
 */
export async function registerForFagdag(
  trx: Db,
  gatheringId: number,
  person: Person & { organisation: string; profession: string; answers: string[] },
  baseUrl: string,
): Promise<{ outcome: RegisterOutcome; registration?: Registration }> {
  const settings = await lockSettings(trx, gatheringId);
  if (!settings) return { outcome: 'gone' };
  const member = await isMemberAddress(trx, gatheringId, person.email);
  if (!member && !settings.openToOutsiders) {
    await sendRegistrationEmail(trx, 'closed', person, settings, baseUrl);
    return { outcome: 'closed' };
  }
  const token = newSecretToken(24);
  const existing = await liveRegistration(trx, gatheringId, person.email);
  if (existing) {
    // A new link replaces the old one: the person may have lost the first email.
    await trx('registrations')
      .where({ id: existing.id })
      .update({ cancel_token_hash: hashSecretToken(token), updated_at: trx.fn.now() });
    await sendRegistrationEmail(trx, 'again', existing, settings, baseUrl, token);
    return { outcome: 'again', registration: existing };
  }
  const status = statusForNew(placesLeft(settings.capacity, await placesTaken(trx, gatheringId)));
  const registration = await insertRegistration(trx, {
    ...person,
    gatheringId,
    member,
    status,
    tokenHash: hashSecretToken(token),
  });
  await sendRegistrationEmail(trx, status, person, settings, baseUrl, token);
  return { outcome: status, registration };
}

/**
 * Cancels a registration from its link: a confirmed one gets a calendar CANCEL (same UID, higher
 * SEQUENCE) and its place goes to the first on the waiting list. False when already cancelled.
 */
export async function cancelRegistration(trx: Db, registration: Registration, baseUrl: string): Promise<boolean> {
  const settings = await lockSettings(trx, registration.gatheringId);
  if (!settings || !(await markCancelled(trx, registration.id))) return false;
  if (registration.status === 'confirmed') {
    // As when someone is taken off an invitation: the SEQUENCE rises, so calendars take the CANCEL.
    await trx('gatherings')
      .where({ id: registration.gatheringId })
      .update({ uninvitations: trx.raw('uninvitations + 1') });
    await sendRegistrationEmail(trx, 'cancelled', registration, settings, baseUrl);
    await fillFromWaitingList(trx, registration.gatheringId, baseUrl);
  }
  return true;
}

/**
 * Moves the waiting list up while places are free (after a cancellation or a raised capacity):
 * each one moved up gets an email with the calendar invite and a new cancel link. Returns how many.
 */
export async function fillFromWaitingList(trx: Db, gatheringId: number, baseUrl: string): Promise<number> {
  const settings = await lockSettings(trx, gatheringId);
  if (!settings) return 0;
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  if (!gathering || gathering.status === 'cancelled' || gathering.startsAt <= new Date()) return 0;
  const moving = await firstWaiting(
    trx,
    gatheringId,
    placesLeft(settings.capacity, await placesTaken(trx, gatheringId)),
  );
  const tokens = moving.map(() => newSecretToken(24));
  await confirm(
    trx,
    moving.map((r) => r.id),
    tokens.map(hashSecretToken),
  );
  for (const [i, registration] of moving.entries()) {
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; one message per person moved up
    await sendRegistrationEmail(trx, 'promoted', registration, settings, baseUrl, tokens[i]);
  }
  return moving.length;
}
