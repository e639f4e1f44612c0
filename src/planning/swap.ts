import type { Gathering } from '../gatherings/queries';
import { isPastDay } from '../kernel/dates';
import type { Duty } from './dutyTypes';

// Swapping a duty between two of a network's gatherings by hand. Pure.

export type SwapGathering = Pick<
  Gathering,
  | 'id'
  | 'networkIds'
  | 'status'
  | 'startsAt'
  | 'format'
  | 'hostUnitId'
  | 'hostLocked'
  | 'presenterUnitIds'
  | 'presentersLocked'
  | 'caseUnitId'
  | 'caseLocked'
  | 'version'
>;

export type Duties = Pick<
  Gathering,
  'hostUnitId' | 'hostLocked' | 'presenterUnitIds' | 'presentersLocked' | 'caseUnitId' | 'caseLocked'
>;

export type SwapResult =
  | { refused: { field: 'second' | 'duty'; message: string } }
  | { refused?: undefined; writes: { id: number; version: number; duties: Duties }[] };

/**
 * Two different gatherings of the network, neither cancelled nor on or before today; hosts only
 * between gatherings that have a room (not digital). The swapped duty is locked on both, so a
 * later rotation keeps it; the other duty stays as it was.
 */
export function swapDuties(
  a: SwapGathering | undefined,
  b: SwapGathering | undefined,
  duty: Duty,
  context: { networkId: number; today: string },
): SwapResult {
  const open = (g: SwapGathering | undefined): g is SwapGathering =>
    g?.networkIds.includes(context.networkId) === true && g.status !== 'cancelled' && !isPastDay(g, context.today);
  if (!open(a) || !open(b) || a.id === b.id)
    return { refused: { field: 'second', message: 'planning.errors.swapChoice' } };
  if (duty === 'host' && (a.format === 'digital' || b.format === 'digital'))
    return { refused: { field: 'duty', message: 'planning.errors.swapDigital' } };
  const duties = (own: SwapGathering, other: SwapGathering): Duties =>
    duty === 'host'
      ? { ...dutiesOf(own), hostUnitId: other.hostUnitId, hostLocked: true }
      : duty === 'presenter'
        ? { ...dutiesOf(own), presenterUnitIds: other.presenterUnitIds, presentersLocked: true }
        : { ...dutiesOf(own), caseUnitId: other.caseUnitId, caseLocked: true };
  return {
    writes: [
      { id: a.id, version: a.version, duties: duties(a, b) },
      { id: b.id, version: b.version, duties: duties(b, a) },
    ],
  };
}

const dutiesOf = (g: SwapGathering): Duties => ({
  hostUnitId: g.hostUnitId,
  hostLocked: g.hostLocked,
  presenterUnitIds: g.presenterUnitIds,
  presentersLocked: g.presentersLocked,
  caseUnitId: g.caseUnitId,
  caseLocked: g.caseLocked,
});
