import { gatheringTitle } from '../calendar/gatheringEvent';
import type { FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { enqueueEmail } from '../mail/outbox';
import { networkLeader } from '../networks/members';
import { issueRsvpTokens } from './queries';
import { formatTime, formatWeekdayDate } from '../kernel/dates';
import { translator, type Language } from '../kernel/i18n';

export const SEND_REMINDERS_TASK = 'send_due_reminders';
type Kind = 'preparation' | 'agendaDue' | 'participants' | 'followUp';

export interface Due {
  gatheringId: number;
  kind: Kind;
  email: string;
  name: string;
  language: Language;
  participantId: number | null;
  networkId: number;
  regionId: number;
  duty: string;
  /** Participants' reminders: the invitation, so the reminder can carry its own answer buttons. */
  invitationId: number | null;
}

/**
 * Reminders that are due now, computed from the gatherings as they are now: a moved gathering's
 * reminder follows its new time, a cancelled one gets none, and nobody who left or said no
 * (except the leader) is reminded. Each (gathering, kind, address) is sent once.
 */
async function dueReminders(db: Db): Promise<Due[]> {
  const { rows } = await db.raw(
    `with upcoming as (
       select g.id, gn.network_id, n.name as network, s.region_id, g.starts_at, n.preparation_reminder_days, n.agenda_due_days,
              n.participant_reminder_days
       from gatherings g
       join gathering_networks gn on gn.gathering_id = g.id
       join networks n on n.id = gn.network_id and n.archived_at is null
       join sectors s on s.id = n.sector_id
       where g.status = 'planned' and g.starts_at > now() and g.starts_at < now() + interval '90 days'
         and exists (select 1 from invitations i where i.gathering_id = g.id)
     ),
     preparation as (
       -- Host, presenting and case units: their members in the network, and their managers (leadership backing).
       select u.id as gathering_id, 'preparation' as kind, p.email, p.name, p.language, p.id as participant_id, u.network_id, u.region_id,
              case when g.host_unit_id = unit.id then 'host' when g.case_unit_id = unit.id and not exists (select 1 from gathering_presenters gp where gp.gathering_id = u.id and gp.unit_id = unit.id) then 'case' else 'presenter' end as duty, null::int as invitation_id
       from upcoming u
       join gatherings g on g.id = u.id
       join units unit on unit.id = g.host_unit_id or unit.id = g.case_unit_id or unit.id in (select gp.unit_id from gathering_presenters gp where gp.gathering_id = u.id)
       join participants p on p.unit_id = unit.id and p.archived_at is null
       join memberships m on m.participant_id = p.id and m.network_id = u.network_id and m.ends_on is null
       where u.starts_at - make_interval(days => u.preparation_reminder_days) <= now()
       union all
       select u.id, 'preparation', unit.manager_email, unit.manager_name, 'nb', null, u.network_id, u.region_id,
              case when g.host_unit_id = unit.id then 'host' when g.case_unit_id = unit.id and not exists (select 1 from gathering_presenters gp where gp.gathering_id = u.id and gp.unit_id = unit.id) then 'case' else 'presenter' end, null::int
       from upcoming u
       join gatherings g on g.id = u.id
       join units unit on unit.id = g.host_unit_id or unit.id = g.case_unit_id or unit.id in (select gp.unit_id from gathering_presenters gp where gp.gathering_id = u.id)
       where unit.manager_email <> '' and u.starts_at - make_interval(days => u.preparation_reminder_days) <= now()
     ),
     agenda_due as (
       -- A network's own gathering: its leader. A joint fagdag belongs to the region's KORUS admins.
       select u.id, 'agendaDue', p.email, p.name, p.language, p.id, u.network_id, u.region_id, '', null::int
       from upcoming u
       join memberships m on m.network_id = u.network_id and m.role = 'leader' and m.ends_on is null
       join participants p on p.id = m.participant_id and p.archived_at is null
       where u.starts_at - make_interval(days => u.agenda_due_days) <= now()
         and not exists (select 1 from agenda_versions v where v.gathering_id = u.id)
         and (select count(*) from gathering_networks x where x.gathering_id = u.id) = 1
       union all
       select u.id, 'agendaDue', p.email, p.name, p.language, p.id, u.network_id, u.region_id, '', null::int
       from upcoming u
       join korus_admins k on k.region_id = u.region_id
       join participants p on p.id = k.participant_id and p.archived_at is null
       where u.starts_at - make_interval(days => u.agenda_due_days) <= now()
         and not exists (select 1 from agenda_versions v where v.gathering_id = u.id)
         and (select count(*) from gathering_networks x where x.gathering_id = u.id) > 1
     ),
     participants_due as (
       select u.id, 'participants', p.email, p.name, p.language, p.id, u.network_id, u.region_id, '', i.id
       from upcoming u
       join invitations i on i.gathering_id = u.id
       join participants p on p.id = i.participant_id and p.archived_at is null
       join memberships m on m.participant_id = p.id and m.network_id = u.network_id and m.ends_on is null
       where u.starts_at - make_interval(days => u.participant_reminder_days) <= now() and (i.answer is distinct from 'no' or m.role = 'leader')
       union all
       -- Stand-ins, while the one they stand in for still belongs to the network.
       select u.id, 'participants', p.email, p.name, p.language, p.id, u.network_id, u.region_id, '', i.id
       from upcoming u
       join invitations i on i.gathering_id = u.id and i.stands_in_for is not null
       join participants p on p.id = i.participant_id and p.archived_at is null
       join memberships m on m.participant_id = i.stands_in_for and m.network_id = u.network_id and m.ends_on is null
       where u.starts_at - make_interval(days => u.participant_reminder_days) <= now() and i.answer is distinct from 'no'
     ),
     held as (
       -- Held yesterday or earlier this week, from 07:00 Oslo time the day after, and not yet followed up:
       -- attendance not registered, or registered without the evaluation going out.
       select g.id, gn.network_id, s.region_id,
              (select count(*) from gathering_networks x where x.gathering_id = g.id) as network_count
       from gatherings g
       join gathering_networks gn on gn.gathering_id = g.id
       join networks n on n.id = gn.network_id and n.archived_at is null
       join sectors s on s.id = n.sector_id
       where g.status = 'planned' and g.ends_at < now() and g.ends_at > now() - interval '7 days'
         and (now() at time zone 'Europe/Oslo') >= ((g.ends_at at time zone 'Europe/Oslo')::date + 1) + time '07:00'
         and (g.attendance_recorded_at is null
              or not exists (select 1 from evaluation_requests r where r.gathering_id = g.id))
     ),
     follow_up as (
       -- As with the agenda: a network's own gathering is its leader's, a joint fagdag the region's KORUS admins'.
       select h.id, 'followUp', p.email, p.name, p.language, p.id, h.network_id, h.region_id, '', null::int
       from held h
       join memberships m on m.network_id = h.network_id and m.role = 'leader' and m.ends_on is null
       join participants p on p.id = m.participant_id and p.archived_at is null
       where h.network_count = 1
       union all
       select h.id, 'followUp', p.email, p.name, p.language, p.id, h.network_id, h.region_id, '', null::int
       from held h
       join korus_admins k on k.region_id = h.region_id
       join participants p on p.id = k.participant_id and p.archived_at is null
       where h.network_count > 1
     )
     select distinct on (d.gathering_id, d.kind, lower(d.email)) d.gathering_id as "gatheringId", d.kind, d.email, d.name, d.language,
            d.participant_id as "participantId", d.network_id as "networkId", d.region_id as "regionId", d.duty,
            d.invitation_id as "invitationId"
     from (select * from preparation union all select * from agenda_due union all select * from participants_due
           union all select * from follow_up) d
     where not exists (select 1 from reminders_sent r where r.gathering_id = d.gathering_id and r.kind = d.kind and lower(r.email) = lower(d.email))
     order by d.gathering_id, d.kind, lower(d.email)
     limit 5000`,
  );
  return rows as Due[];
}

/** Where each reminder leads: the agenda to publish, the gathering's page after it, else the agenda to read. */
function linkOf(reminder: Pick<Due, 'kind' | 'gatheringId'>): string {
  if (reminder.kind === 'agendaDue') return `/gatherings/${reminder.gatheringId}/agenda`;
  if (reminder.kind === 'followUp') return `/gatherings/${reminder.gatheringId}`;
  return `/gatherings/${reminder.gatheringId}/agenda/print`;
}

/** A reminder's email. The send page's preview renders the same for a host unit. */
export function reminderRequest(
  reminder: Omit<Due, 'invitationId'>,
  g: Pick<
    FeedGathering,
    'startsAt' | 'endsAt' | 'venue' | 'meetingUrl' | 'format' | 'topic' | 'kind' | 'networkCount' | 'networkNames'
  >,
  options: { leader?: { email: string }; token?: string; baseUrl: string },
) {
  const t = translator(reminder.language);
  const rsvpUrl = options.token ? new URL(`/rsvp/${options.token}`, options.baseUrl).toString() : undefined;
  return {
    template: 'reminder',
    to: { email: reminder.email, participantId: reminder.participantId ?? undefined, language: reminder.language },
    networkId: reminder.networkId,
    regionId: reminder.regionId,
    // Answers go to the network's leader, as with every email about a gathering.
    replyTo: options.leader?.email,
    params: {
      context: reminder.kind,
      name: reminder.name,
      title: gatheringTitle(g, reminder.language),
      duty: reminder.duty ? t(`emails.reminder.duties.${reminder.duty}`) : '',
      dateText: formatWeekdayDate(g.startsAt, reminder.language),
      timeText: `${formatTime(g.startsAt)}–${formatTime(g.endsAt)}`,
      place: g.format === 'digital' ? g.meetingUrl : g.venue,
      topic: g.topic,
      url: new URL(linkOf(reminder), options.baseUrl).toString(),
    },
    secretParams: rsvpUrl ? { rsvpUrl, url: `${rsvpUrl}/agenda` } : undefined,
  };
}

/** The cron task: queues every due reminder once, each claimed in the same transaction. */
export async function sendDueReminders(db: Db, baseUrl: string): Promise<number> {
  const domain = new URL(baseUrl).hostname;
  const due = await dueReminders(db);
  let sent = 0;
  for (const reminder of due) {
    // biome-ignore lint/performance/noAwaitInLoops: each reminder is claimed and queued in a transaction of its own, so a failure loses none of the others
    await db.transaction(async (trx) => {
      const claimed = await trx('reminders_sent')
        .insert({ gathering_id: reminder.gatheringId, kind: reminder.kind, email: reminder.email.toLowerCase() })
        .onConflict(['gathering_id', 'kind', 'email'])
        .ignore()
        .returning('gathering_id');
      if (claimed.length === 0) return;
      const g = await trx('gatherings as g')
        .where('g.id', reminder.gatheringId)
        .first(
          'g.starts_at as startsAt',
          'g.ends_at as endsAt',
          'g.venue',
          'g.meeting_url as meetingUrl',
          'g.format',
          'g.topic',
          'g.kind',
          trx.raw('(select count(*)::int from gathering_networks x where x.gathering_id = g.id) as "networkCount"'),
        );
      const network = await trx('networks').where({ id: reminder.networkId }).first('name');
      const leader = await networkLeader(trx, reminder.networkId);
      // A participant's reminder carries answer buttons and an agenda link of its own (no sign-in).
      const [token] = reminder.invitationId ? await issueRsvpTokens(trx, [reminder.invitationId]) : [];
      await enqueueEmail(
        trx,
        reminderRequest(reminder, { ...g, networkNames: network?.name ?? '' }, { leader, token, baseUrl }),
        domain,
      );
      sent += 1;
    });
  }
  return sent;
}
