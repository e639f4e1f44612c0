import { DateTime } from 'luxon';
import type { Db } from '../db/knex';
import { TIME_ZONE } from '../kernel/dates';
import { networkLeader } from '../networks/members';
import { findNetwork } from '../networks/queries';
import { invitationsFor } from './queries';
import {
  gatheringMailParams,
  type InvitationConfig,
  invitationMailOptions,
  planYearSend,
  sendInvitations,
  type SendPlan,
} from './send';
import { buildCalendar } from '../calendar/event';
import { gatheringEvent } from '../calendar/gatheringEvent';
import { feedGatherings } from '../calendar/feeds';
import type { Language } from '../kernel/i18n';
import { enqueueEmails } from '../mail/outbox';

export const SEND_UPDATES_TASK = 'send_gathering_updates';

/**
 * After a change to a gathering whose invitations are out, an update is scheduled a while ahead
 * (UPDATE_DELAY_MINUTES, default 15). A new change in that window replaces the scheduled job
 * (graphile-worker's job_key), so several quick edits go out as one update.
 */
export async function scheduleGatheringUpdate(trx: Db, gatheringId: number, delayMinutes: number): Promise<void> {
  if ((await invitationsFor(trx, [gatheringId])).length === 0 && !(await hasRegistrants(trx, gatheringId))) return;
  await trx.raw(
    `select graphile_worker.add_job(identifier => ?, payload => ?::json, run_at => now() + (? * interval '1 minute'), job_key => ?, job_key_mode => 'replace')`,
    [SEND_UPDATES_TASK, JSON.stringify({ gatheringId }), delayMinutes, `gathering-updates:${gatheringId}`],
  );
}

/** The scheduled job: sends the gathering's updates (and invitations to anyone new) from its first network's leader. */
export async function sendGatheringUpdates(db: Db, gatheringId: number, config: InvitationConfig): Promise<number> {
  return db.transaction(async (trx) => {
    const registrants = await updateRegistrants(trx, gatheringId, config.BASE_URL);
    // Scheduled for registrants alone, it must not send the invitations that have not gone out.
    if ((await invitationsFor(trx, [gatheringId])).length === 0) return registrants;
    return registrants + (await updateInvited(trx, gatheringId, config));
  });
}

async function updateInvited(trx: Db, gatheringId: number, config: InvitationConfig): Promise<number> {
  const networkId = (
    await trx('gathering_networks').where({ gathering_id: gatheringId }).orderBy('network_id').first('network_id')
  )?.network_id as number | undefined;
  const network = networkId ? await findNetwork(trx, networkId) : undefined;
  if (!network) return 0;
  const gathering = await trx('gatherings').where({ id: gatheringId }).first('starts_at', 'status');
  if (gathering?.status !== 'planned') return 0;
  const year = DateTime.fromJSDate(new Date(gathering.starts_at), { zone: TIME_ZONE }).year;
  const plans: SendPlan[] = (await planYearSend(trx, network.id, year, new Date())).filter(
    (p) => p.gathering.id === gatheringId,
  );
  const leader = await networkLeader(trx, network.id);
  if (!leader) return 0;
  return sendInvitations(trx, plans, await invitationMailOptions(trx, network, leader, config));
}

const hasRegistrants = async (trx: Db, gatheringId: number) =>
  (await trx('registrations').where({ gathering_id: gatheringId, status: 'confirmed' }).first('id')) !== undefined;

/**
 * Those registered for a fagdag from its public page (src/registration/) with a place get the
 * change too: the registration email saying it changed, with a calendar REQUEST at the new
 * SEQUENCE, from the KORUS contact of the registration settings.
 */
async function updateRegistrants(trx: Db, gatheringId: number, baseUrl: string): Promise<number> {
  const [gathering] = await feedGatherings(trx, { gatheringIds: [gatheringId] });
  const settings = await trx('registration_settings')
    .where({ gathering_id: gatheringId })
    .first('organizer_name as name', 'organizer_email as email');
  if (gathering?.status !== 'planned' || !settings || gathering.startsAt <= new Date()) return 0;
  const people = (await trx('registrations')
    .where({ gathering_id: gatheringId, status: 'confirmed' })
    .orderBy('id')
    .limit(10000)
    .select('name', 'email', 'language')) as { name: string; email: string; language: Language }[];
  const sentAt = new Date();
  await enqueueEmails(
    trx,
    people.map((person) => ({
      template: 'registration',
      to: { email: person.email, language: person.language },
      replyTo: settings.email,
      calendar: {
        method: 'request' as const,
        content: buildCalendar({
          name: 'Samling',
          method: 'request',
          sentAt,
          gatherings: [gatheringEvent(gathering, person.language, baseUrl)],
          organizer: settings,
          attendee: person,
        }),
      },
      params: {
        context: 'changed',
        name: person.name,
        ...gatheringMailParams(gathering, person.language),
        venue: gathering.format === 'digital' ? gathering.meetingUrl : gathering.venue,
        topic: gathering.topic,
        agenda: gathering.agenda?.items.map((i) => ({ timeText: `${i.startTime}–${i.endTime}`, title: i.title })) ?? [],
        organizer: settings.name,
      },
    })),
    new URL(baseUrl).hostname,
  );
  return people.length;
}
