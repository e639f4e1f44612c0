import type { GatheringKind } from '../gatherings/model';
import type { DateTime } from 'luxon';
import type { Db } from '../db/knex';
import {
  LEARNING_NETWORK,
  TOPICS,
  type DemoNetwork,
  type DemoRegion,
  type DemoSector,
  type DemoUnit,
} from './demoData';
import type { ServiceType } from '../units/serviceTypes';
import {
  FAGDAG,
  FAGDAG_TIME,
  LEARNING_PATTERN,
  LOCAL_PATTERN,
  REGULAR_TIME,
  SECOND_LOCAL_PATTERN,
  at,
  meetingDay,
  type Slot,
} from './gatheringDates';
import type { Format } from '../gatherings/model';

// The demo networks: member units, memberships with some history, and two years of gatherings.

export interface Unit {
  id: number;
  def: DemoUnit;
  regionId: number;
  nynorskShare: number;
  /** People who can be drawn into networks (never the KORUS admin). */
  people: number[];
  /** Where the next network starts drawing, so networks sharing a unit get different people. */
  cursor: number;
}

export interface Region {
  id: number;
  def: DemoRegion;
  userOrgs: Unit[];
  sectors: { id: number; def: DemoSector; units: Unit[] }[];
}

export interface Network {
  id: number;
  name: string;
  regionId: number;
  kind: 'local' | 'learning';
  units: Unit[];
  leaderId: number;
  startsOn: string;
  endsOn?: string;
  pattern: readonly Slot[];
  /** Gatherings led so far (topic and presenter rotation), and of those hosted (host rotation). */
  turn: number;
  hosted: number;
}

export interface Context {
  trx: Db;
  random: () => number;
  emails: Set<string>;
  thisYear: number;
  today: string;
}

/** How many of a unit's people take part in one network. */
const DRAWN_PER_NETWORK: Record<ServiceType, number> = {
  municipal: 4,
  mentalHealth: 4,
  addiction: 3,
  welfare: 2,
  userOrganisation: 2,
  other: 2,
};

export async function insertId(ctx: Context, table: string, row: Record<string, unknown>): Promise<number> {
  const [inserted] = (await ctx.trx(table).insert(row).returning('id')) as { id: number }[];
  return (inserted as { id: number }).id;
}

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

export async function insertGatherings(ctx: Context, regions: Region[], networks: Network[]): Promise<number> {
  const bank = (await ctx.trx('topics').whereNull('region_id').whereNull('network_id').select('id', 'title')) as {
    id: number;
    title: string;
  }[];
  const topicIds = new Map(bank.map((t) => [t.title, t.id]));
  const lastLocal = networks.filter((n) => n.kind === 'local').at(-1);
  const planned = new Map<string, Network>();
  let count = 0;

  const add = async (row: {
    networks: Network[];
    date: DateTime;
    time: { start: string; end: string };
    kind: GatheringKind;
    format: Format;
    status?: string;
  }) => {
    // The first network's member units take turns to host and to present; topics rotate too.
    const lead = row.networks[0] as Network;
    const turn = lead.turn++;
    const hosts = lead.units.filter((u) => u.def.canHost !== false);
    const host = row.format === 'digital' ? undefined : hosts[lead.hosted++ % hosts.length];
    const presenters = lead.units.filter((u) => u !== host && u.def.serviceType !== 'userOrganisation');
    const presenter = presenters[(turn * 2 + 1) % presenters.length];
    const topic = TOPICS[(networks.indexOf(lead) + turn) % TOPICS.length] as string;
    const date = row.date.toISODate() as string;
    const [inserted] = (await ctx
      .trx('gatherings')
      .insert({
        starts_at: at(row.date, row.time.start),
        ends_at: at(row.date, row.time.end),
        kind: row.kind,
        format: row.format,
        status: row.status ?? 'planned',
        topic,
        topic_id: topicIds.get(topic) ?? null,
        host_unit_id: host?.id ?? null,
        venue: host ? `${host.def.organisation}, ${host.def.name}, ${host.def.address}` : '',
        meeting_url: row.format === 'physical' ? '' : `https://teams.example/rop/${slug(lead.name)}/${date}`,
      })
      .returning('id')) as { id: number }[];
    const id = (inserted as { id: number }).id;
    await ctx.trx('gathering_networks').insert(row.networks.map((n) => ({ gathering_id: id, network_id: n.id })));
    if (presenter) await ctx.trx('gathering_presenters').insert({ gathering_id: id, unit_id: presenter.id });
    for (const n of row.networks) planned.set(`${n.id}:${row.date.year}`, n);
    count += 1;
  };

  for (const year of [ctx.thisYear - 1, ctx.thisYear]) {
    for (const network of networks) {
      for (const slot of network.pattern) {
        const date = meetingDay(year, slot.month, slot.week);
        const iso = date.toISODate() as string;
        if (iso < network.startsOn || (network.endsOn && iso > network.endsOn)) continue;
        // A realistic blemish: one network had to cancel last summer's gathering.
        const status = year === ctx.thisYear - 1 && network === lastLocal && slot.month === 6 ? 'cancelled' : 'planned';
        await add({ networks: [network], date, time: REGULAR_TIME, kind: 'regular', format: slot.format, status });
      }
    }
    // docs/domain.md, rule 3: one joint extended fagdag a year, shared by the region's local networks.
    for (const region of regions) {
      const locals = networks.filter((n) => n.kind === 'local' && n.regionId === region.id);
      const shared = [...locals.slice(year % locals.length), ...locals.slice(0, year % locals.length)];
      if (shared.length >= 2)
        await add({
          networks: shared,
          date: meetingDay(year, FAGDAG.month, FAGDAG.week),
          time: FAGDAG_TIME,
          kind: 'fagdag',
          format: 'physical',
        });
    }
  }

  // The leaders accepted each year's plan in December before (or when a learning network started).
  for (const [key, network] of planned) {
    const year = Number(key.split(':')[1]);
    const acceptedOn = [`${year - 1}-12-01`, network.startsOn].sort().at(-1) as string;
    if (acceptedOn <= ctx.today)
      await ctx.trx('year_plans').insert({
        network_id: network.id,
        year,
        accepted_by: network.leaderId,
        accepted_at: `${acceptedOn}T11:00:00Z`,
      });
  }
  return count;
}

function slug(text: string): string {
  const ascii: Record<string, string> = { æ: 'ae', ø: 'o', å: 'a' };
  return text
    .toLowerCase()
    .replace(/[æøå]/g, (c) => ascii[c] ?? c)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
