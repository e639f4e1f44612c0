import { hasStarted } from '../kernel/dates';
import { feedGatherings, type FeedGathering } from '../calendar/feeds';
import type { Db } from '../db/knex';
import { upcomingInvitationsOf } from './queries';

export interface MyGathering {
  invitation: Awaited<ReturnType<typeof upcomingInvitationsOf>>[number];
  gathering: FeedGathering;
  /** Planned and not yet begun: the answer can still change. */
  open: boolean;
}

/** The gatherings a person is invited to and that are not over yet, with the published agenda and their answer. */
export async function myUpcomingGatherings(db: Db, participantId: number, now = new Date()): Promise<MyGathering[]> {
  const invitations = await upcomingInvitationsOf(db, participantId);
  if (invitations.length === 0) return [];
  const gatherings = new Map(
    (await feedGatherings(db, { gatheringIds: invitations.map((i) => i.gatheringId) })).map((g) => [g.id, g]),
  );
  return invitations.flatMap((invitation) => {
    const gathering = gatherings.get(invitation.gatheringId);
    if (!gathering) return [];
    return [{ invitation, gathering, open: gathering.status === 'planned' && !hasStarted(gathering, now) }];
  });
}
