import type { Request } from 'express';
import { authorize, canEditGatherings, canViewNetwork } from '../accounts/policy';
import type { Db } from '../db/knex';
import { findNetworks, type Network } from '../networks/queries';
import { findGathering, type Gathering } from '../planning/queries';
import { actorOf } from '../web/auth';
import { loadById } from '../web/params';

/**
 * The gathering named by :id and one of its networks through which the actor may edit it
 * (a joint fagdag belongs to several), or view it; 404 when unknown, 403 when not allowed.
 */
export async function loadGatheringFor(db: Db, req: Request, need: 'edit' | 'view'): Promise<{ gathering: Gathering; network: Network }> {
  const gathering = await loadById({ id: req.params.id }, (id) => findGathering(db, id));
  const actor = actorOf(req);
  const allowed = need === 'edit' ? canEditGatherings : canViewNetwork;
  // One query for all of a joint fagdag's networks, not one per network.
  const network = (await findNetworks(db, gathering.networkIds ?? [])).find((n) => allowed(actor, n));
  if (network) return { gathering, network };
  authorize(false);
  throw new Error('unreachable');
}
