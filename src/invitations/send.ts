import { DateTime } from 'luxon';
import { buildCalendar } from '../calendar/event';
import { gatheringEvent, gatheringTitle } from '../calendar/gatheringEvent';
import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { enqueueEmail, enqueueEmails } from '../mail/outbox';
import { networkLeader } from '../networks/members';
import { yearRange } from '../planning/queries';
import { formatTime, formatWeekdayDate, TIME_ZONE } from '../web/dates';
import { translator, type Language } from '../web/i18n';
import { changesBetween, stateOf, type Change, type GatheringState } from './changes';
import { invitationsFor, issueRsvpTokens, recipientsOf, standInRecipientsOf, type Recipient } from './queries';

export type MailOptions = {
  baseUrl: string;
  organizer: { name: string; email: string };
  networkId: number;
  regionId: number;
};

/** How a network's invitations are sent: from its leader (or, with none, the person acting), answers to them. */
export async function invitationMailOptions(
  db: Db,
  network: { id: number; regionId: number },
  actor: { name: string; email: string },
  baseUrl: string,
): Promise<MailOptions> {
  const leader = await networkLeader(db, network.id);
  return {
    baseUrl,
    organizer: leader ?? { name: actor.name, email: actor.email },
    networkId: network.id,
    regionId: network.regionId,
  };
}

export interface SendPlan {
  gathering: FeedGathering;
  invite: Recipient[];
  /** Those who got an older version, with the version they got. */
  update: (Recipient & { sentVersion: number })[];
}

/**
 * What sending the year would do, per future gathering: whom to invite for the first time and
 * whom to send an update (the gathering changed since their last invitation). Nothing twice.
 */
export async function planYearSend(db: Db, networkId: number, year: number, now: Date): Promise<SendPlan[]> {
  const { from, to } = yearRange(year);
  const ids = await db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('gn.network_id', networkId)
    .where('g.status', 'planned')
    .where('g.starts_at', '>', from > now ? from : now)
    .where('g.starts_at', '<', to)
    .pluck('g.id');
  // One after the other: `db` is a transaction when sending, and a transaction's connection runs one query at a time.
  const gatherings = await feedGatherings(db, { gatheringIds: ids });
  const recipients = await recipientsOf(db, ids);
  const sent = await invitationsFor(db, ids);
  const standIns = await standInRecipientsOf(db, ids);
  return gatherings.map((gathering) => {
    const members = recipients.get(gathering.id) ?? [];
    // Stand-ins are already invited, so they only ever get updates.
    const people = [
      ...members,
      ...(standIns.get(gathering.id) ?? []).filter((s) => !members.some((m) => m.participantId === s.participantId)),
    ];
    const previous = new Map(sent.filter((s) => s.gatheringId === gathering.id).map((s) => [s.participantId, s]));
    return {
      gathering,
      invite: people.filter((p) => !previous.has(p.participantId)),
      update: people.flatMap((p) => {
        const sentVersion = previous.get(p.participantId)?.sentVersion ?? gathering.version;
        return sentVersion < gathering.version ? [{ ...p, sentVersion }] : [];
      }),
    };
  });
}

/** Queues the invitations and updates of a send plan, in the caller's transaction, in a few bulk statements. */
export async function sendInvitations(trx: Db, plans: SendPlan[], options: MailOptions): Promise<number> {
  const domain = new URL(options.baseUrl).hostname;
  const items = plans.flatMap(({ gathering, invite, update }) => [
    ...invite.map((recipient) => ({ gathering, recipient, sentVersion: undefined as number | undefined })),
    ...update.map((recipient) => ({ gathering, recipient, sentVersion: recipient.sentVersion as number | undefined })),
  ]);
  if (items.length === 0) return 0;
  const sentStates = await recordSentStates(
    trx,
    plans.map((p) => p.gathering),
    items.flatMap((i) =>
      i.sentVersion === undefined ? [] : [{ gatheringId: i.gathering.id, version: i.sentVersion }],
    ),
  );
  const invitationIds = new Map<string, number>();
  for (let i = 0; i < items.length; i += 1000) {
    // biome-ignore lint/performance/noAwaitInLoops: one insert per thousand invitations, not per row
    const rows = (await trx('invitations')
      .insert(
        items.slice(i, i + 1000).map(({ gathering, recipient }) => ({
          gathering_id: gathering.id,
          participant_id: recipient.participantId,
          sent_version: gathering.version,
        })),
      )
      .onConflict(['gathering_id', 'participant_id'])
      .merge({ sent_version: trx.raw('excluded.sent_version'), updated_at: trx.fn.now() })
      .returning(['id', 'gathering_id', 'participant_id'])) as {
      id: number;
      gathering_id: number;
      participant_id: number;
    }[];
    for (const row of rows) invitationIds.set(`${row.gathering_id}:${row.participant_id}`, row.id);
  }
  const tokens = await issueRsvpTokens(
    trx,
    items.map(({ gathering, recipient }) => invitationIds.get(`${gathering.id}:${recipient.participantId}`) as number),
  );
  const sentAt = new Date();
  const requests = items.map(({ gathering, recipient, sentVersion }, index) => {
    const isUpdate = sentVersion !== undefined;
    const before = isUpdate ? sentStates.get(`${gathering.id}:${sentVersion}`) : undefined;
    const event = gatheringEvent(gathering, recipient.language, options.baseUrl);
    const content = buildCalendar({
      name: 'Samling',
      method: 'request',
      sentAt,
      gatherings: [event],
      organizer: options.organizer,
      attendee: { name: recipient.name, email: recipient.email },
    });
    return {
      template: 'invitation',
      ...mailEnvelope(recipient, options),
      calendar: { method: 'request' as const, content },
      params: {
        // i18next context: the subject and opening say "changed" for an update.
        context: isUpdate ? 'update' : undefined,
        name: recipient.name,
        standingInFor: recipient.standingInFor,
        ...gatheringMailParams(gathering, recipient.language),
        format: gathering.format,
        venue: gathering.venue,
        meetingUrl: gathering.meetingUrl,
        topic: gathering.topic,
        agenda:
          gathering.agenda?.items.map((i) => ({
            timeText: `${i.startTime}–${i.endTime}`,
            title: i.title,
            responsible: i.responsible,
          })) ?? [],
        // An update says in plain words what changed since the version this person got.
        changes: before
          ? changesBetween(before, stateOf(gathering)).map((change) => describeChange(change, recipient.language))
          : [],
      },
      // The invitation's own link opens the agenda too, without signing in.
      secretParams: {
        rsvpUrl: new URL(`/rsvp/${tokens[index]}`, options.baseUrl).toString(),
        agendaUrl: new URL(`/rsvp/${tokens[index]}/agenda`, options.baseUrl).toString(),
      },
    };
  });
  await enqueueEmails(trx, requests, domain);
  return items.length;
}

/** Who an email about a network's gathering goes to, and where answers go (the leader who sends it). */
export function mailEnvelope(
  recipient: { email: string; participantId: number; language: Language },
  options: MailOptions,
) {
  return {
    to: { email: recipient.email, participantId: recipient.participantId, language: recipient.language },
    networkId: options.networkId,
    regionId: options.regionId,
    replyTo: options.organizer.email,
  };
}

/** How every email about a gathering names it (subject and body): title, date and time in the reader's language. */
export function gatheringMailParams(gathering: FeedGathering, language: Language) {
  return {
    title: gatheringTitle(gathering, language),
    dateText: formatWeekdayDate(gathering.startsAt, language),
    shortDate: DateTime.fromJSDate(gathering.startsAt, { zone: TIME_ZONE }).toFormat('d.M.yyyy'),
    timeText: `${formatTime(gathering.startsAt)}–${formatTime(gathering.endsAt)}`,
  };
}

/**
 * Keeps what each sent version of the gatherings says (once per version), and returns what the
 * versions people are being updated from said, by "gatheringId:version", in one query.
 */
async function recordSentStates(
  trx: Db,
  gatherings: FeedGathering[],
  previous: { gatheringId: number; version: number }[],
): Promise<Map<string, GatheringState>> {
  if (gatherings.length > 0) {
    await trx('gathering_sent_versions')
      .insert(gatherings.map((g) => ({ gathering_id: g.id, version: g.version, state: JSON.stringify(stateOf(g)) })))
      .onConflict(['gathering_id', 'version'])
      .ignore();
  }
  const pairs = [...new Set(previous.map((p) => `${p.gatheringId}:${p.version}`))].map((key) =>
    key.split(':').map(Number),
  );
  if (pairs.length === 0) return new Map();
  const rows = (await trx('gathering_sent_versions')
    .whereIn(['gathering_id', 'version'], pairs)
    .select('gathering_id', 'version', 'state')) as { gathering_id: number; version: number; state: GatheringState }[];
  return new Map(rows.map((row) => [`${row.gathering_id}:${row.version}`, row.state]));
}

function describeChange(change: Change, language: Language): string {
  const t = translator(language);
  const none = t('emails.changes.none');
  switch (change.kind) {
    case 'when': {
      const when = (w: { startsAt: string; endsAt: string }) =>
        `${formatWeekdayDate(w.startsAt, language)} ${t('emails.invitation.clock')} ${formatTime(w.startsAt)}–${formatTime(w.endsAt)}`;
      return t('emails.changes.when', { from: when(change.from), to: when(change.to) });
    }
    case 'format':
      return t('emails.changes.format', {
        from: t(`gatherings.formats.${change.from}`),
        to: t(`gatherings.formats.${change.to}`),
      });
    case 'venue':
    case 'meetingUrl':
    case 'topic':
      return t(`emails.changes.${change.kind}`, { from: change.from || none, to: change.to || none });
    default:
      return t(`emails.changes.${change.kind}`);
  }
}

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
  return invited.length;
}

/** The calendar part that takes a gathering out of one person's calendar. */
function cancellationFor(gathering: FeedGathering, recipient: Recipient, options: MailOptions, sentAt: Date): string {
  return buildCalendar({
    name: 'Samling',
    method: 'cancel',
    sentAt,
    gatherings: [gatheringEvent(gathering, recipient.language, options.baseUrl)],
    organizer: options.organizer,
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
  if (!gathering || !recipient || gathering.startsAt.getTime() <= Date.now()) return true;
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

/** Gatherings of a network still ahead whose invitations have gone out. */
async function sentGatheringsAhead(trx: Db, networkId: number): Promise<number[]> {
  return trx('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('gn.network_id', networkId)
    .where('g.status', 'planned')
    .where('g.starts_at', '>', trx.fn.now())
    .whereExists(trx('invitations as i').select(trx.raw('1')).whereRaw('i.gathering_id = g.id'))
    .pluck('g.id');
}

/** Someone who joins gets the invitations already sent for the gatherings still ahead. */
export async function inviteNewMember(trx: Db, participantId: number, options: MailOptions): Promise<number> {
  const ids = await sentGatheringsAhead(trx, options.networkId);
  const gatherings = await feedGatherings(trx, { gatheringIds: ids });
  const recipients = await recipientsOf(trx, ids);
  const sent = await invitationsFor(trx, ids);
  const plans = gatherings.map((gathering) => ({
    gathering,
    invite: (recipients.get(gathering.id) ?? []).filter(
      (r) =>
        r.participantId === participantId &&
        !sent.some((s) => s.gatheringId === gathering.id && s.participantId === participantId),
    ),
    update: [],
  }));
  return sendInvitations(trx, plans, options);
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
