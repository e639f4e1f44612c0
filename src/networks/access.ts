import type { Request } from 'express';
import type { Actor } from '../access/actor';
import { actorOf } from '../access/auth';
import { authorize } from '../access/policy';
import type { Db } from '../db/knex';
import { loadById } from '../kernel/params';
import { findNetwork, type Network } from './queries';

/**
 * The network named by the route's :id, if the actor may do what `allowed` (a rule from
 * src/access/policy.ts) says; 404 when unknown, 403 when not allowed.
 */
export async function loadNetworkFor(
  db: Db,
  req: Request,
  allowed: (actor: Actor, network: Network) => boolean,
): Promise<Network> {
  const network = await loadById({ id: req.params.id }, (id) => findNetwork(db, id));
  authorize(allowed(actorOf(req), network));
  return network;
}
