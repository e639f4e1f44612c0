import { ForbiddenError } from '../web/errors';
import type { Actor } from './actor';

// Who may do what, in one place. Routes call `authorize(allowed)` before reading anything else.

export function authorize(allowed: boolean): void {
  if (!allowed) throw new ForbiddenError('not allowed');
}

export const isKorusAdmin = (actor: Actor) => actor.korusAll || actor.korusRegionIds.length > 0;

export const isKorusFor = (actor: Actor, regionId: number) => actor.korusAll || actor.korusRegionIds.includes(regionId);

export const roleIn = (actor: Actor, networkId: number) => actor.networks.get(networkId)?.role;

/** Leads at least one network in the region: may register units and participants there. */
export const leadsInRegion = (actor: Actor, regionId: number) =>
  [...actor.networks.values()].some((n) => n.role === 'leader' && n.regionId === regionId);

/** Regions whose units and participants the actor may list and manage; undefined means all. */
export function managedRegionIds(actor: Actor): number[] | undefined {
  if (actor.korusAll) return undefined;
  const led = [...actor.networks.values()].filter((n) => n.role === 'leader').map((n) => n.regionId);
  return [...new Set([...actor.korusRegionIds, ...led])];
}

export const canManageRegion = (actor: Actor, regionId: number) => isKorusFor(actor, regionId);
export const canCreateRegion = (actor: Actor) => actor.korusAll;

/** Units and participants of a region: its KORUS admins and the leaders of its networks. */
export const canManagePeopleIn = (actor: Actor, regionId: number) =>
  isKorusFor(actor, regionId) || leadsInRegion(actor, regionId);

export const canViewNetwork = (actor: Actor, network: { id: number; regionId: number }) =>
  isKorusFor(actor, network.regionId) || roleIn(actor, network.id) !== undefined;

/** Name, unit and profession are shown to members; contact details only to those who run the network. */
export const canSeeContactDetails = (actor: Actor, network: { id: number; regionId: number }) =>
  isKorusFor(actor, network.regionId) || roleIn(actor, network.id) === 'leader';

export const canManageNetwork = (actor: Actor, network: { regionId: number }) => isKorusFor(actor, network.regionId);

export const canManageMembers = (actor: Actor, network: { id: number; regionId: number }) =>
  isKorusFor(actor, network.regionId) || roleIn(actor, network.id) === 'leader';

/** Gatherings and agendas: the leader and the working group (and KORUS). */
export const canEditGatherings = (actor: Actor, network: { id: number; regionId: number }) =>
  canManageMembers(actor, network) || roleIn(actor, network.id) === 'workingGroup';
