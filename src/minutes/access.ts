import type { Request } from 'express';
import { actorOf } from '../access/auth';
import { authorize, canLeadMinutes, canWriteMinutes } from '../access/policy';
import type { Db } from '../db/knex';
import { loadGatheringFor } from '../gatherings/access';
import { findMinutes } from './queries';

/**
 * The gathering named by :id with its minutes, for someone who may read it (a member or an
 * invited person), write its minutes (the leader, KORUS, the note-taker) or lead them (choose the
 * note-taker: the leader and KORUS). 404 when unknown, 403 when not allowed.
 */
export async function loadMinutesFor(db: Db, req: Request, need: 'read' | 'write' | 'lead') {
  const page = await loadGatheringFor(db, req, 'view');
  const minutes = await findMinutes(db, page.gathering.id);
  const actor = actorOf(req);
  const networks = page.gathering.networkIds.map((id) => ({ id, regionId: page.network.regionId }));
  const may = {
    write: canWriteMinutes(actor, networks, minutes.noteTakerId),
    lead: canLeadMinutes(actor, networks),
  };
  if (need !== 'read') authorize(may[need]);
  return { ...page, minutes, may };
}
