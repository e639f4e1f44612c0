import { osloDate } from '../kernel/dates';
import { toPlanGathering } from '../gatherings/model';
import { DateTime } from 'luxon';
import type { Db } from '../db/knex';
import { proposeYearPlan } from './planner';
import { toInstants } from '../kernel/dates';
import { deleteFutureDrafts, networkGatherings, planningSettings, sectorTakenDates } from './queries';
import { planningUnits, type PlanningUnit } from '../networks/members';
import { yearRange } from '../kernel/dates';
import { insertGathering, setDuties, type Gathering } from '../gatherings/queries';
import { proposeDuties } from './rotation';
import type { DutyRecord, RotationUnit, Slot } from './dutyTypes';

// docs/domain.md, rules 1–2: at least two gatherings a year with physical attendance; about one a quarter.
export const MIN_PHYSICAL = 2;
export const MIN_GAP_DAYS = 28;

export const toRotationUnit = (unit: PlanningUnit): RotationUnit => ({
  id: unit.id,
  name: unit.name,
  serviceType: unit.serviceType,
  canHost: unit.canHost,
  joinedOn: unit.joinedOn,
  leftOn: unit.leftOn,
});

export const toDutyRecord = (g: Gathering): DutyRecord => ({
  date: osloDate(g.startsAt),
  format: g.format,
  hostUnitId: g.hostUnitId,
  presenterUnitIds: g.presenterUnitIds,
  caseUnitId: g.caseUnitId,
});

/** The venue text for a hosting unit. */
export const venueOf = (unit: PlanningUnit | undefined) =>
  unit ? `${unit.organisation}, ${unit.name}${unit.address ? `, ${unit.address}` : ''}` : '';

/**
 * A new proposal for the year: this year's future drafts are replaced; accepted and past
 * gatherings stay as they are and count toward the year. Duties are proposed by the rotation
 * over the network's whole history.
 */
export async function proposeYear(
  trx: Db,
  options: { networkId: number; year: number; today: string; now: Date; withFagdag: boolean },
): Promise<number> {
  const { networkId, year, today } = options;
  await deleteFutureDrafts(trx, networkId, year, options.now);
  // One after the other: a transaction's connection runs one query at a time.
  const settings = await planningSettings(trx, networkId);
  const all = await networkGatherings(trx, networkId);
  const units = await planningUnits(trx, networkId);
  const takenDates = await sectorTakenDates(trx, networkId, year);
  const period = (await trx('networks')
    .where({ id: networkId })
    .first('starts_on as startsOn', 'ends_on as endsOn')) as { startsOn: string | null; endsOn: string | null };
  const live = all.filter((g) => g.status !== 'cancelled');
  const { from, to } = yearRange(year);
  const existing = live.filter((g) => g.startsAt >= from && g.startsAt < to).map((g) => toPlanGathering(g, today));
  const plan = proposeYearPlan(
    {
      year,
      count: settings.gatheringsPerYear,
      weekdays: settings.preferredWeekdays,
      startTime: settings.startTime,
      endTime: settings.endTime,
      blockedPeriods: [...settings.blockedPeriods, ...outsidePeriod(year, period)],
      minPhysical: MIN_PHYSICAL,
      otherFormat: settings.otherFormat,
      withFagdag: options.withFagdag && !existing.some((g) => g.kind === 'fagdag'),
      minGapDays: MIN_GAP_DAYS,
    },
    { today, existing, takenDates },
  );
  const fresh = plan.filter((g) => g.id === undefined);
  const slots: Slot[] = fresh.map((g) => ({ date: g.date, format: g.format }));
  const assignments = proposeDuties({
    units: units.map(toRotationUnit),
    history: live.map(toDutyRecord),
    slots,
    presentersPerGathering: settings.presentersPerGathering,
  });
  for (const [i, g] of fresh.entries()) {
    const duty = assignments[i];
    const host = units.find((u) => u.id === duty?.hostUnitId);
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; a year has four to six gatherings
    await insertGathering(
      trx,
      [networkId],
      {
        ...toInstants(g),
        kind: g.kind,
        format: g.format,
        venue: g.format === 'digital' ? '' : venueOf(host),
        meetingUrl: '',
        hostUnitId: duty?.hostUnitId ?? null,
        presenterUnitIds: duty?.presenterUnitIds ?? [],
        caseUnitId: duty?.caseUnitId ?? null,
      },
      'proposed',
    );
  }
  return fresh.length;
}

/** A network with a period (a two-year learning network) meets only within it. */
function outsidePeriod(
  year: number,
  period: { startsOn: string | null; endsOn: string | null },
): { from: string; to: string }[] {
  const blocked = [];
  if (period.startsOn && period.startsOn > `${year}-01-01`)
    blocked.push({
      from: `${year}-01-01`,
      to: DateTime.fromISO(period.startsOn).minus({ days: 1 }).toISODate() as string,
    });
  if (period.endsOn && period.endsOn < `${year}-12-31`)
    blocked.push({
      from: DateTime.fromISO(period.endsOn).plus({ days: 1 }).toISODate() as string,
      to: `${year}-12-31`,
    });
  return blocked;
}

/** Re-proposes the duties of the year's future gatherings around locked and past ones. */
export async function rotateDuties(
  trx: Db,
  options: { networkId: number; year: number; today: string },
): Promise<void> {
  const settings = await planningSettings(trx, options.networkId);
  const all = await networkGatherings(trx, options.networkId);
  const units = await planningUnits(trx, options.networkId);
  const live = all.filter((g) => g.status !== 'cancelled');
  const { to } = yearRange(options.year);
  const future = live.filter((g) => osloDate(g.startsAt) > options.today && g.startsAt < to);
  const history = live.filter((g) => osloDate(g.startsAt) <= options.today).map(toDutyRecord);
  const assignments = proposeDuties({
    units: units.map(toRotationUnit),
    history,
    slots: future.map((g) => ({
      date: osloDate(g.startsAt),
      format: g.format,
      locked: {
        ...(g.hostLocked ? { hostUnitId: g.hostUnitId } : {}),
        ...(g.presentersLocked ? { presenterUnitIds: g.presenterUnitIds } : {}),
        ...(g.caseLocked ? { caseUnitId: g.caseUnitId } : {}),
      },
    })),
    presentersPerGathering: settings.presentersPerGathering,
  });
  for (const [i, g] of future.entries()) {
    const duty = assignments[i];
    if (!duty) continue;
    // biome-ignore lint/performance/noAwaitInLoops: a transaction runs its queries one after the other; a year has four to six gatherings
    await setDuties(trx, g.id, g.version, {
      hostUnitId: g.hostLocked ? g.hostUnitId : duty.hostUnitId,
      hostLocked: g.hostLocked,
      presenterUnitIds: g.presentersLocked ? g.presenterUnitIds : duty.presenterUnitIds,
      presentersLocked: g.presentersLocked,
      caseUnitId: g.caseLocked ? g.caseUnitId : duty.caseUnitId,
      caseLocked: g.caseLocked,
    });
  }
}
