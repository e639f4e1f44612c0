import type { DateTime } from 'luxon';
import type { Format, GatheringKind } from '../gatherings/model';
import { TOPICS } from './demoData';
import { FAGDAG, FAGDAG_TIME, REGULAR_TIME, at, meetingDay } from './gatheringDates';
import type { Context, Network, Region } from './seedContext';

// Two years of the demo networks' gatherings, with their hosts, presenters, cases, topics and accepted plans.

export async function insertGatherings(ctx: Context, regions: Region[], networks: Network[]): Promise<number> {
  const bank = await ctx.trx('topics').whereNull('region_id').whereNull('network_id').select('id', 'title');
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
    // The case goes round too, to a unit that neither hosts nor presents where there is one.
    const bringers = lead.units.filter((u) => u !== host && u !== presenter);
    const caseUnit = bringers.length > 0 ? bringers[turn % bringers.length] : lead.units[turn % lead.units.length];
    const topic = TOPICS[(networks.indexOf(lead) + turn) % TOPICS.length] as string;
    const date = row.date.toISODate() as string;
    const [inserted] = await ctx
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
        case_unit_id: caseUnit?.id ?? null,
        venue: host ? `${host.def.organisation}, ${host.def.name}, ${host.def.address}` : '',
        meeting_url: row.format === 'physical' ? '' : `https://teams.example/rop/${slug(lead.name)}/${date}`,
      })
      .returning('id');
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
        accepted_at: new Date(`${acceptedOn}T11:00:00Z`),
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
