import type { Request } from 'express';
import { authorize, canEditGathering, canViewNetwork } from '../access/policy';
import type { CachedReads } from '../db/cachedReads';
import type { Db } from '../db/knex';
import { findNetworks, type Network } from '../networks/queries';
import { findGathering, type Gathering } from './queries';
import { actorOf } from '../access/auth';
import { loadById } from '../kernel/params';

/** A gathering with all its networks (a joint fagdag has several), in two queries. */
async function gatheringWithNetworks(
  db: Db,
  id: number,
): Promise<{ gathering: Gathering; networks: Network[] } | undefined> {
  const gathering = await findGathering(db, id);
  return gathering && { gathering, networks: await findNetworks(db, gathering.networkIds ?? []) };
}

const isInvited = async (db: Db, gatheringId: number, participantId: number) =>
  (await db('invitations').where({ gathering_id: gatheringId, participant_id: participantId }).first('id')) !==
  undefined;

/**
 * The gathering named by :id and one of its networks through which the actor may edit it
 * (a joint fagdag belongs to several), or view it; 404 when unknown, 403 when not allowed.
 * Pages pass `reads` to read it from the cache; forms that write read it fresh.
 */
export async function loadGatheringFor(
  db: Db,
  req: Request,
  need: 'edit' | 'view',
  reads?: CachedReads,
): Promise<{ gathering: Gathering; network: Network }> {
  const { gathering, networks } = await loadById({ id: req.params.id }, (id) =>
    reads ? reads.get(`gathering:${id}`, () => gatheringWithNetworks(db, id)) : gatheringWithNetworks(db, id),
  );
  const actor = actorOf(req);
  if (need === 'edit') authorize(canEditGathering(actor, networks));
  // Whoever is invited (a stand-in too) may read the gathering's agenda.
  const network =
    networks.find((n) => canViewNetwork(actor, n)) ??
    (need === 'view' && (await isInvited(db, gathering.id, actor.id)) ? networks[0] : undefined);
  authorize(network !== undefined);
  return { gathering, network: network as Network };
}
