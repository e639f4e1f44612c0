import { DateTime } from 'luxon';
import { gatheringTitle } from '../calendar/gatheringEvent';
import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import type { Config } from '../kernel/config';
import { enqueueEmails } from '../mail/outbox';
import { networkLeader } from '../networks/members';
import { yearRange } from '../kernel/dates';
import { formatTime, formatWeekdayDate, TIME_ZONE } from '../kernel/dates';
import { translator, type Language } from '../kernel/i18n';
import { changesBetween, stateOf, type Change, type GatheringState } from './changes';
import { invitationCalendars, type InvitationCalendars } from './calendars';
import { invitationsFor, issueRsvpTokens, recipientsOf, standInRecipientsOf, type Recipient } from './queries';

export type MailOptions = {
  baseUrl: string;
  organizer: { name: string; email: string };
  /** Samling's address for calendar answers (REPLY_ADDRESS), when it receives them. */
  replyAddress: string | undefined;
  networkId: number;
  regionId: number;
};

/** What invitation emails need from the configuration: their links, and where calendars answer. */
export type InvitationConfig = Pick<Config, 'BASE_URL' | 'REPLY_ADDRESS'>;

/** How a network's invitations are sent: from its leader (or, with none, the person acting), answers to them. */
export async function invitationMailOptions(
  db: Db,
  network: { id: number; regionId: number },
  actor: { name: string; email: string },
  config: InvitationConfig,
): Promise<MailOptions> {
  const leader = await networkLeader(db, network.id);
  return {
    baseUrl: config.BASE_URL,
    organizer: leader ?? { name: actor.name, email: actor.email },
    replyAddress: config.REPLY_ADDRESS,
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
    const rows = await trx('invitations')
      .insert(
        items.slice(i, i + 1000).map(({ gathering, recipient }) => ({
          gathering_id: gathering.id,
          participant_id: recipient.participantId,
          sent_version: gathering.version,
        })),
      )
      .onConflict(['gathering_id', 'participant_id'])
      .merge({ sent_version: trx.raw('excluded.sent_version'), updated_at: trx.fn.now() })
      .returning(['id', 'gathering_id', 'participant_id']);
    for (const row of rows) invitationIds.set(`${row.gathering_id}:${row.participant_id}`, row.id);
  }
  const tokens = await issueRsvpTokens(
    trx,
    items.map(({ gathering, recipient }) => invitationIds.get(`${gathering.id}:${recipient.participantId}`) as number),
  );
  const calendars = invitationCalendars(options, new Date());
  const requests = items.map(({ gathering, recipient, sentVersion }, index) =>
    invitationRequest(gathering, recipient, options, {
      update: sentVersion !== undefined,
      before: sentVersion === undefined ? undefined : sentStates.get(`${gathering.id}:${sentVersion}`),
      token: tokens[index] as string,
      calendars,
    }),
  );
  await enqueueEmails(trx, requests, domain);
  return items.length;
}

/**
 * The email that invites one person to a gathering, or tells them what changed since the version
 * they got (`before`), with its calendar request. The send page's preview renders the same.
 */
export function invitationRequest(
  gathering: FeedGathering,
  recipient: Recipient,
  options: MailOptions,
  message: { update: boolean; before?: GatheringState; token: string; calendars: InvitationCalendars },
) {
  const content = message.calendars(gathering, recipient);
  const rsvpUrl = new URL(`/rsvp/${message.token}`, options.baseUrl).toString();
  return {
    template: 'invitation',
    ...mailEnvelope(recipient, options),
    calendar: { method: 'request' as const, content },
    params: {
      // i18next context: the subject and opening say "changed" for an update.
      context: message.update ? 'update' : undefined,
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
      changes: message.before
        ? changesBetween(message.before, stateOf(gathering)).map((change) => describeChange(change, recipient.language))
        : [],
    },
    // The invitation's own link opens the agenda too, without signing in.
    secretParams: { rsvpUrl, agendaUrl: `${rsvpUrl}/agenda` },
  };
}

/** What a sent version of a gathering said (read only: the preview of an update). */
export async function sentState(db: Db, gatheringId: number, version: number): Promise<GatheringState | undefined> {
  return (
    (await db('gathering_sent_versions').where({ gathering_id: gatheringId, version }).first('state')) as
      | { state: GatheringState }
      | undefined
  )?.state;
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

/** Gatherings of a network still ahead whose invitations have gone out. */
export async function sentGatheringsAhead(trx: Db, networkId: number): Promise<number[]> {
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
