import { LEARNING_NETWORK } from './demoData';
import type { DemoNetwork } from './demoTypes';
import type { ServiceType } from '../units/serviceTypes';
import { LEARNING_PATTERN, LOCAL_PATTERN, SECOND_LOCAL_PATTERN, type Slot } from './gatheringDates';
import { insertId, type Context, type Network, type Region, type Unit } from './seedContext';

// The demo networks: member units, and memberships with some history.

/** How many of a unit's people take part in one network. */
const DRAWN_PER_NETWORK: Record<ServiceType, number> = {
  municipal: 4,
  mentalHealth: 4,
  addiction: 3,
  welfare: 2,
  userOrganisation: 2,
  other: 2,
};

/** The next `count` people of a unit, round the list, each at most once. */
function draw(unit: Unit, count: number): number[] {
  const n = Math.min(count, unit.people.length);
  const drawn = Array.from({ length: n }, (_, i) => unit.people[(unit.cursor + i) % unit.people.length] as number);
  unit.cursor += n;
  return drawn;
}

export async function insertNetworks(ctx: Context, regions: Region[], korus: Unit): Promise<Network[]> {
  const networks: Network[] = [];
  for (const region of regions) {
    let userOrgTurn = 0;
    for (const sector of region.sectors) {
      for (const [index, def] of sector.def.networks.entries()) {
        const members = sector.units.filter((u) => (u.def.memberOf ?? [0]).includes(index));
        const userOrg = region.userOrgs[userOrgTurn++ % region.userOrgs.length];
        const municipalities = sector.def.municipalities.join(', ');
        networks.push(
          await insertNetwork(
            ctx,
            {
              sectorId: sector.id,
              regionId: region.id,
              kind: 'local',
              def,
              units: userOrg ? [...members, userOrg] : members,
            },
            {
              description: `Lokalt ROP-nettverk for fagfolk i kommunene, psykisk helsevern, TSB og NAV i ${sector.def.name}-sektoren (${municipalities}).`,
              pattern: index === 0 ? LOCAL_PATTERN : SECOND_LOCAL_PATTERN,
            },
          ),
        );
      }
    }
  }

  // KORUS runs the learning network: a fixed group from the region's services, led from KORUS.
  const region = regions.find((r) => r.def.name === LEARNING_NETWORK.region);
  const sector = region?.sectors.find((s) => s.def.name === LEARNING_NETWORK.sector);
  if (!region || !sector) throw new Error('seedDemo: the learning network needs its region and sector');
  const units = [korus, ...region.sectors.flatMap((s) => s.units)].filter((u) => u.def.learning);
  const def = { name: LEARNING_NETWORK.name(ctx.thisYear), established: { yearsBefore: 0, on: '' } };
  networks.push(
    await insertNetwork(
      ctx,
      { sectorId: sector.id, regionId: region.id, kind: 'learning', def, units },
      {
        description: LEARNING_NETWORK.description,
        pattern: LEARNING_PATTERN,
        period: LEARNING_NETWORK.period(ctx.thisYear),
      },
    ),
  );
  return networks;
}

async function insertNetwork(
  ctx: Context,
  base: { sectorId: number; regionId: number; kind: Network['kind']; def: DemoNetwork; units: Unit[] },
  extra: { description: string; pattern: readonly Slot[]; period?: { startsOn: string; endsOn: string } },
): Promise<Network> {
  const { period } = extra;
  const startsOn = period?.startsOn ?? `${ctx.thisYear - base.def.established.yearsBefore}-${base.def.established.on}`;
  const status = !period
    ? 'active'
    : ctx.today < period.startsOn
      ? 'planned'
      : ctx.today > period.endsOn
        ? 'ended'
        : 'active';
  const id = await insertId(ctx, 'networks', {
    sector_id: base.sectorId,
    name: base.def.name,
    kind: base.kind,
    starts_on: startsOn,
    ends_on: period?.endsOn ?? null,
    status,
    description: extra.description,
  });
  await ctx
    .trx('network_units')
    .insert(base.units.map((unit) => ({ network_id: id, unit_id: unit.id, joined_on: startsOn })));
  const leaderId = await insertMemberships(ctx, id, base, startsOn);
  return {
    id,
    name: base.def.name,
    regionId: base.regionId,
    kind: base.kind,
    units: base.units,
    leaderId,
    startsOn,
    endsOn: period?.endsOn,
    pattern: extra.pattern,
    turn: 0,
    hosted: 0,
  };
}

/** One current leader, a working group of two to four, the rest participants, and some history. Returns the leader. */
async function insertMemberships(
  ctx: Context,
  networkId: number,
  base: { kind: Network['kind']; def: DemoNetwork; units: Unit[] },
  startsOn: string,
): Promise<number> {
  const drawn = new Map(base.units.map((unit) => [unit, draw(unit, DRAWN_PER_NETWORK[unit.def.serviceType])]));
  const ofType = (type: ServiceType) => drawn.get(base.units.find((u) => u.def.serviceType === type) as Unit) ?? [];
  // As the model has it (docs/domain.md): led by a ROP resource person (at the DPS; from KORUS for a learning network), with a working
  // group from the municipality, mental health care and addiction treatment, and a user representative.
  const leader = ofType(base.kind === 'learning' ? 'other' : 'mentalHealth')[0];
  if (leader === undefined) throw new Error(`seedDemo: ${base.def.name} has nobody to lead it`);
  const userRep = base.units.find((u) => u.def.represents === 'users');
  const group = [
    ofType('municipal')[1],
    ofType('mentalHealth')[1],
    ofType('addiction')[0],
    userRep ? drawn.get(userRep)?.[0] : undefined,
  ].filter((id): id is number => id !== undefined && id !== leader);
  const everyone = new Set([...drawn.values()].flat());
  const handover = `${ctx.thisYear - 1}-01-15`;
  const row = (participantId: number, role: string, from: string, to: string | null = null) => ({
    network_id: networkId,
    participant_id: participantId,
    role,
    starts_on: from,
    ends_on: to,
  });

  const rows = [row(leader, 'leader', base.def.leaderHandover ? handover : startsOn)];
  for (const id of group) rows.push(row(id, 'workingGroup', startsOn));
  for (const id of everyone) if (id !== leader && !group.includes(id)) rows.push(row(id, 'participant', startsOn));
  // History: a leader who handed over to the current one and stayed in the working group…
  const formerLeader = group[1];
  if (base.def.leaderHandover && formerLeader !== undefined) {
    rows.push(row(formerLeader, 'leader', startsOn, `${ctx.thisYear - 1}-01-14`));
    const current = rows.find((r) => r.participant_id === formerLeader && r.ends_on === null);
    if (current) current.starts_on = handover;
  }
  // …and someone who took part for a while and then left.
  const [former] = draw(base.units[0] as Unit, 1);
  const leftOn = `${ctx.thisYear - 1}-12-31`;
  if (former !== undefined && !everyone.has(former) && leftOn >= startsOn)
    rows.push(row(former, 'participant', startsOn, leftOn));
  await ctx.trx('memberships').insert(rows);
  return leader;
}
