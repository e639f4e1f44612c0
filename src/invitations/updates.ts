import { DateTime } from 'luxon';
import type { Db } from '../db/knex';
import { TIME_ZONE } from '../kernel/dates';
import { networkLeader } from '../networks/members';
import { findNetwork } from '../networks/queries';
import { invitationsFor } from './queries';
import { invitationMailOptions, planYearSend, sendInvitations, type InvitationConfig, type SendPlan } from './send';

export const SEND_UPDATES_TASK = 'send_gathering_updates';

/**
 * After a change to a gathering whose invitations are out, an update is scheduled a while ahead
 * (UPDATE_DELAY_MINUTES, default 15). A new change in that window replaces the scheduled job
 * (graphile-worker's job_key), so several quick edits go out as one update.
 */
export async function scheduleGatheringUpdate(trx: Db, gatheringId: number, delayMinutes: number): Promise<void> {
  if ((await invitationsFor(trx, [gatheringId])).length === 0) return;
  await trx.raw(
    `select graphile_worker.add_job(identifier => ?, payload => ?::json, run_at => now() + (? * interval '1 minute'), job_key => ?, job_key_mode => 'replace')`,
    [SEND_UPDATES_TASK, JSON.stringify({ gatheringId }), delayMinutes, `gathering-updates:${gatheringId}`],
  );
}

/** The scheduled job: sends the gathering's updates (and invitations to anyone new) from its first network's leader. */
export async function sendGatheringUpdates(db: Db, gatheringId: number, config: InvitationConfig): Promise<number> {
  return db.transaction(async (trx) => {
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
  });
}
