import { ForbiddenError } from '../kernel/errors';
import type { Role } from './roles';
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

/** The networks the actor leads. */
export const ledNetworkIds = (actor: Actor) =>
  [...actor.networks.entries()].filter(([, n]) => n.role === 'leader').map(([id]) => id);

/** The mail log (and retrying the mail waiting in it): KORUS admins and network leaders, each for their own mail. */
export const canSeeMailLog = (actor: Actor) => isKorusAdmin(actor) || ledNetworkIds(actor).length > 0;

/**
 * Regions whose lists the actor sees as a KORUS admin (regions, sectors, networks, the overview,
 * the audit log, the mail log); undefined means all. Filter with `inRegions` (src/db/regionScope.ts).
 */
export const overseenRegionIds = (actor: Actor): number[] | undefined =>
  actor.korusAll ? undefined : actor.korusRegionIds;

/** Regions whose units and participants the actor may list and manage; undefined means all. */
export function managedRegionIds(actor: Actor): number[] | undefined {
  if (actor.korusAll) return undefined;
  const led = [...actor.networks.values()].filter((n) => n.role === 'leader').map((n) => n.regionId);
  return [...new Set([...actor.korusRegionIds, ...led])];
}

/** The unit and participant lists: for whoever manages people in at least one region. */
export function canListPeople(actor: Actor): boolean {
  const regionIds = managedRegionIds(actor);
  return regionIds === undefined || regionIds.length > 0;
}

export const canManageRegion = (actor: Actor, regionId: number) => isKorusFor(actor, regionId);
export const canCreateRegion = (actor: Actor) => actor.korusAll;

/** Units and participants of a region: its KORUS admins and the leaders of its networks. */
export const canManagePeopleIn = (actor: Actor, regionId: number) =>
  isKorusFor(actor, regionId) || leadsInRegion(actor, regionId);

export const canViewNetwork = (actor: Actor, network: { id: number; regionId: number }) =>
  isKorusFor(actor, network.regionId) || roleIn(actor, network.id) !== undefined;

/**
 * Name, unit and profession are shown to members; contact details (members' and unit managers'
 * email addresses and phone numbers) only to those who run the network: its leader and working
 * group, and KORUS for its region.
 */
export const canSeeContactDetails = (actor: Actor, network: { id: number; regionId: number }) =>
  isKorusFor(actor, network.regionId) ||
  roleIn(actor, network.id) === 'leader' ||
  roleIn(actor, network.id) === 'workingGroup';

export const canManageNetwork = (actor: Actor, network: { regionId: number }) => isKorusFor(actor, network.regionId);

export const canManageMembers = (actor: Actor, network: { id: number; regionId: number }) =>
  isKorusFor(actor, network.regionId) || roleIn(actor, network.id) === 'leader';

/** Gatherings and agendas: the leader and the working group (and KORUS). */
export const canEditGatherings = (actor: Actor, network: { id: number; regionId: number }) =>
  canManageMembers(actor, network) || roleIn(actor, network.id) === 'workingGroup';

/**
 * One gathering: a network's own gathering is edited by those who edit the network's gatherings;
 * a joint fagdag of several networks belongs to the KORUS admins of its region, and each
 * network's leader sees it read-only (one leader must not change or cancel it for the others).
 */
export const canEditGathering = (actor: Actor, networks: { id: number; regionId: number }[]) =>
  networks.length > 1
    ? networks.every((n) => isKorusFor(actor, n.regionId))
    : networks.some((n) => canEditGatherings(actor, n));

/** What decides who may change a person: their region and the roles they hold. */
export interface PersonRoles {
  id: number;
  regionId: number;
  korusAll: boolean;
  korusRegionIds: number[];
  /** Current memberships in networks that are not archived. */
  memberships: { networkId: number; role: Role }[];
}

export const PERSON_ACTIONS = ['edit', 'changeEmail', 'archive', 'erase'] as const;
export type PersonAction = (typeof PERSON_ACTIONS)[number];

/**
 * Who may change whom. Changing a person's email address hands over their sign-in, so nobody
 * may change a person who holds a role the actor does not hold over them:
 * - everyone may edit their own profile and address (not archive or erase themselves);
 * - a KORUS admin for the person's region may do everything to them, but a KORUS admin is
 *   changed only by themself or a KORUS admin for the whole country;
 * - a network leader may edit, change the address of and archive people who are members of a
 *   network they lead (or of no network, in a region where they lead one), unless the person is
 *   a KORUS admin or leads or sits in the working group of a network the actor does not lead;
 *   erasure is for KORUS only;
 * - nobody else may change anyone.
 */
export function canChangePerson(actor: Actor, person: PersonRoles, action: PersonAction): boolean {
  const isKorusPerson = person.korusAll || person.korusRegionIds.length > 0;
  if (actor.id === person.id) return action === 'edit' || action === 'changeEmail';
  if (isKorusPerson) return actor.korusAll;
  if (isKorusFor(actor, person.regionId)) return true;
  if (action === 'erase') return false;
  const led = (networkId: number) => roleIn(actor, networkId) === 'leader';
  const holdsRoleBeyondActor = person.memberships.some((m) => m.role !== 'participant' && !led(m.networkId));
  if (holdsRoleBeyondActor) return false;
  if (person.memberships.length === 0) return leadsInRegion(actor, person.regionId);
  return person.memberships.some((m) => led(m.networkId));
}

/** The service catalogue (src/catalogue/): every signed-in person, for every region. */
export const canReadCatalogue = (actor: Actor) => actor.id > 0;

/**
 * A unit's service profile: its manager (signed in with the unit's manager address), the leaders
 * of the networks it belongs to and KORUS for its region. The manager may also use the yearly
 * email's link without signing in (src/catalogue/checkRoutes.ts).
 */
export const canEditServiceProfile = (
  actor: Actor,
  unit: { regionId: number; managerEmail: string; networkIds: number[] },
) =>
  isKorusFor(actor, unit.regionId) ||
  (unit.managerEmail !== '' && unit.managerEmail.toLowerCase() === actor.email.toLowerCase()) ||
  unit.networkIds.some((id) => roleIn(actor, id) === 'leader');

/** Who's who in a network (fellow members' names, roles and, where they allow it, contact details). */
export const canSeeWhosWho = (actor: Actor, network: { id: number; regionId: number }) =>
  canViewNetwork(actor, network);

/**
 * Minutes of one gathering are led by the network's leader and KORUS for its region (for a joint
 * fagdag, KORUS of every network's region): they choose the note-taker.
 */
export const canLeadMinutes = (actor: Actor, networks: { id: number; regionId: number }[]) =>
  networks.length > 1
    ? networks.every((n) => isKorusFor(actor, n.regionId))
    : networks.some((n) => canManageMembers(actor, n));

/** Writing and publishing a gathering's minutes and closing its actions: those who lead them, and its note-taker. */
export const canWriteMinutes = (
  actor: Actor,
  networks: { id: number; regionId: number }[],
  noteTakerId: number | null,
) => canLeadMinutes(actor, networks) || (noteTakerId !== null && noteTakerId === actor.id);

/**
 * A gathering's materials (slides, handouts) are read by the members of the network that owns
 * them and of the gathering's other networks, by KORUS for the region, by whoever is invited to
 * the gathering, and, once KORUS has shared one with the region, by anyone in the region's networks.
 */
export const canReadMaterial = (
  actor: Actor,
  material: { regionId: number; sharedWithRegion: boolean },
  networks: { id: number; regionId: number }[],
  invited: boolean,
) =>
  invited ||
  networks.some((n) => canViewNetwork(actor, n)) ||
  (material.sharedWithRegion && canReadRegionLibrary(actor, material.regionId));

/** A material is removed by whoever uploaded it, by those who edit its gathering, and by KORUS. */
export const canDeleteMaterial = (
  actor: Actor,
  material: { uploadedBy: number | null; regionId: number },
  networks: { id: number; regionId: number }[],
) => material.uploadedBy === actor.id || isKorusFor(actor, material.regionId) || canEditGathering(actor, networks);

/** Sharing a material with the whole region is KORUS's choice. */
export const canShareMaterial = (actor: Actor, material: { regionId: number }) => isKorusFor(actor, material.regionId);

/** The region's shared library: its KORUS admins and everyone in one of its networks. */
export const canReadRegionLibrary = (actor: Actor, regionId: number) =>
  isKorusFor(actor, regionId) || [...actor.networks.values()].some((n) => n.regionId === regionId);
