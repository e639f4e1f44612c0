import type { Db } from '../db/knex';
import { DEMO_KORUS_ADMIN_EMAIL, DEMO_LEADER_EMAIL, DEMO_PARTICIPANT_EMAIL, DEMO_REGIONS, EXTRA_LOCAL_NETWORK, KORUS_UNIT, LEARNING_NETWORK, PROFESSIONS_BY_SERVICE, TOPICS, type DemoUnit } from './demoData';
import { FAGDAG, LEARNING_PATTERN, LOCAL_PATTERN, SECOND_LOCAL_PATTERN, at, nthThursday } from './gatheringDates';
import { personName, phoneNumber, pick, seededRandom, workEmail } from './people';

export interface DemoSummary {
  regions: number;
  sectors: number;
  networks: number;
  units: number;
  participants: number;
  memberships: number;
  gatherings: number;
}

interface Unit extends DemoUnit {
  id: number;
  regionId: number;
  people: number[];
}

interface Network {
  id: number;
  regionId: number;
  units: Unit[];
  leaderId: number;
}

export async function hasAnyRegion(db: Db): Promise<boolean> {
  return (await db('regions').first('id')) !== undefined;
}

/** Deletes everything under the demo regions, leaving other data alone. */
async function deleteDemoData(trx: Db): Promise<void> {
  const regions = trx('regions').select('id').where({ is_demo: true });
  const sectors = trx('sectors').select('id').whereIn('region_id', regions);
  const networks = trx('networks').select('id').whereIn('sector_id', sectors);
  const units = trx('units').select('id').whereIn('region_id', regions);
  const participants = trx('participants').select('id').whereIn('unit_id', units);
  await trx('gatherings').whereIn('id', trx('gathering_networks').select('gathering_id').whereIn('network_id', networks)).delete();
  await trx('gathering_presenters').whereIn('unit_id', units).delete();
  await trx('gatherings').whereIn('host_unit_id', units).update({ host_unit_id: null, format: 'digital' });
  await trx('memberships').whereIn('participant_id', participants).delete();
  await trx('networks').whereIn('id', networks).delete();
  await trx('participants').whereIn('id', participants).delete();
  await trx('units').whereIn('id', units).delete();
  await trx('sectors').whereIn('id', sectors).delete();
  await trx('regions').whereIn('id', regions).delete();
}

/**
 * (Re)builds the demo data set in one transaction: two regions of KORUS Vest Bergen, six DPS
 * sectors, eight networks (one a two-year learning network), about 40 units and 200 people,
 * with last year's and this year's gatherings. Deterministic: the same `today` gives the same set.
 */
export async function seedDemo(db: Db, options: { today: string }): Promise<DemoSummary> {
  const thisYear = Number(options.today.slice(0, 4));
  const years = [thisYear - 1, thisYear];
  const random = seededRandom(20261124);
  const emails = new Set<string>();

  return db.transaction(async (trx) => {
    await deleteDemoData(trx);
    const insertId = async (table: string, row: Record<string, unknown>) => ((await trx(table).insert(row).returning('id'))[0] as { id: number }).id;

    const addPerson = async (unit: Unit, overrides: { name?: string; email?: string; profession?: string } = {}) => {
      const name = overrides.name ?? personName(random);
      const email = overrides.email ?? workEmail(name, unit.domain, emails);
      emails.add(email);
      const isUserOrg = unit.serviceType === 'userOrganisation';
      const id = await insertId('participants', {
        unit_id: unit.id,
        name,
        email,
        phone: phoneNumber(random),
        profession: overrides.profession ?? pick(random, PROFESSIONS_BY_SERVICE[unit.serviceType]),
        is_user_representative: isUserOrg && !unit.organisation.startsWith('Pårørende'),
        is_relatives_representative: isUserOrg && unit.organisation.startsWith('Pårørende'),
        // Nordhordland and Voss mostly write nynorsk.
        language: random() < (unit.regionId === regionIds[1] ? 0.7 : 0.1) ? 'nn' : 'nb',
      });
      unit.people.push(id);
      return id;
    };
    const addUnit = async (unit: DemoUnit, regionId: number): Promise<Unit> => {
      const manager = personName(random);
      const id = await insertId('units', {
        region_id: regionId,
        organisation: unit.organisation,
        name: unit.name,
        service_type: unit.serviceType,
        address: unit.address,
        can_host: unit.canHost ?? true,
        manager_name: manager,
        manager_email: workEmail(manager, unit.domain, emails),
      });
      return { ...unit, id, regionId, people: [] };
    };

    const regionIds: number[] = [];
    const sectorUnits = new Map<string, { sectorId: number; regionId: number; units: Unit[]; userOrgs: Unit[] }>();
    let korusUnit: Unit | undefined;
    for (const region of DEMO_REGIONS) {
      const regionId = await insertId('regions', { name: region.name, korus_centre: 'KORUS Vest Bergen', is_demo: true });
      regionIds.push(regionId);
      korusUnit ??= await addUnit(KORUS_UNIT, regionId);
      const userOrgs = [];
      for (const unit of region.userOrganisations) userOrgs.push(await addUnit(unit, regionId));
      for (const sector of region.sectors) {
        const sectorId = await insertId('sectors', { region_id: regionId, name: sector.name, health_trust: sector.healthTrust, municipalities: sector.municipalities });
        const units = [];
        for (const unit of sector.units) units.push(await addUnit(unit, regionId));
        sectorUnits.set(sector.name, { sectorId, regionId, units, userOrgs });
      }
    }

    // People: the fixed demo accounts first, then four to six per unit, three per user organisation.
    const korus = korusUnit as Unit;
    const korusAdmin = await addPerson(korus, { name: 'Ingrid Haugland', email: DEMO_KORUS_ADMIN_EMAIL, profession: 'manager' });
    for (const regionId of regionIds) await trx('korus_admins').insert({ participant_id: korusAdmin, region_id: regionId });
    const solli = sectorUnits.get('Solli DPS');
    await addPerson(solli?.units.find((u) => u.serviceType === 'mentalHealth') as Unit, { name: 'Ragnhild Myklebust', email: DEMO_LEADER_EMAIL, profession: 'psychologist' });
    await addPerson(solli?.units[0] as Unit, { name: 'Sindre Tveit', email: DEMO_PARTICIPANT_EMAIL, profession: 'welfareNurse' });
    const allUnits = [...new Set([...sectorUnits.values()].flatMap((s) => [...s.units, ...s.userOrgs]))];
    for (const unit of allUnits) {
      const count = unit.serviceType === 'userOrganisation' ? 3 : 4 + Math.floor(random() * 3);
      while (unit.people.length < count) await addPerson(unit);
    }

    // Networks: one local network per sector, a second in Kronstad, and the learning network.
    const networks: { network: Network; pattern: typeof LOCAL_PATTERN | typeof SECOND_LOCAL_PATTERN | typeof LEARNING_PATTERN; kind: 'local' | 'learning' }[] = [];
    const since = `${thisYear - 1}-01-15`;
    const addNetwork = async (sectorName: string, name: string, units: Unit[], personIndex: number, extra: Record<string, unknown> = {}) => {
      const sector = sectorUnits.get(sectorName) as { sectorId: number; regionId: number };
      const id = await insertId('networks', { sector_id: sector.sectorId, name, ...extra });
      for (const unit of units) await trx('network_units').insert({ network_id: id, unit_id: unit.id, joined_on: extra.starts_on ?? since });
      const personAt = (unit: Unit | undefined, index: number) => unit?.people[Math.min(index, unit.people.length - 1)];
      const byType = (type: string) => units.filter((u) => u.serviceType === type);
      // seed 001: a leader and a working group from the municipality, mental health care and addiction treatment.
      const leaderId = personAt(byType('mentalHealth')[0], personIndex) as number;
      const group = [personAt(byType('municipal')[0], personIndex + 1), personAt(byType('mentalHealth')[0], personIndex + 1), personAt(byType('addiction')[0], personIndex)].filter(
        (id): id is number => id !== undefined,
      );
      const starts = (extra.starts_on as string | undefined) ?? since;
      await trx('memberships').insert({ network_id: id, participant_id: leaderId, role: 'leader', starts_on: starts });
      const members = new Set<number>([leaderId]);
      for (const personId of group) {
        if (members.has(personId)) continue;
        members.add(personId);
        await trx('memberships').insert({ network_id: id, participant_id: personId, role: 'workingGroup', starts_on: starts });
      }
      for (const unit of units) {
        for (const personId of unit.people.slice(personIndex, personIndex + 3)) {
          if (members.has(personId)) continue;
          members.add(personId);
          await trx('memberships').insert({ network_id: id, participant_id: personId, role: 'participant', starts_on: starts });
        }
      }
      // History: someone who took part last year and then left.
      const former = units[0]?.people.find((p) => !members.has(p));
      if (former) await trx('memberships').insert({ network_id: id, participant_id: former, role: 'participant', starts_on: `${thisYear - 2}-09-01`, ends_on: `${thisYear - 1}-12-31` });
      return { id, regionId: sector.regionId, units, leaderId };
    };

    for (const [sectorName, sector] of sectorUnits) {
      const network = await addNetwork(sectorName, `ROP-nettverk ${sectorName}`, [...sector.units, ...sector.userOrgs], 0);
      networks.push({ network, pattern: LOCAL_PATTERN, kind: 'local' });
      if (sectorName === EXTRA_LOCAL_NETWORK.sector) {
        const second = await addNetwork(sectorName, EXTRA_LOCAL_NETWORK.name, [...sector.units, ...sector.userOrgs], 2);
        networks.push({ network: second, pattern: SECOND_LOCAL_PATTERN, kind: 'local' });
      }
    }
    // The learning network gathers one municipal and one mental health unit from every sector.
    const learningUnits = [...sectorUnits.values()].flatMap((s) => ['municipal', 'mentalHealth'].map((type) => s.units.find((u) => u.serviceType === type) as Unit));
    const learning = await addNetwork(LEARNING_NETWORK.sector, LEARNING_NETWORK.name, learningUnits, 3, {
      kind: 'learning',
      starts_on: LEARNING_NETWORK.startsOn,
      ends_on: LEARNING_NETWORK.endsOn,
      description: 'KORUS Vest Bergens læringsnettverk: en fast gruppe som møtes fire ganger i året i to år.',
    });
    networks.push({ network: learning, pattern: LEARNING_PATTERN, kind: 'learning' });

    // Gatherings for last year and this year, with rotating hosts, presenters and topics.
    let gatheringCount = 0;
    const addGathering = async (row: { networks: Network[]; date: ReturnType<typeof nthThursday>; start: string; end: string; format: string; kind: string; index: number; status?: string }) => {
      const [first] = row.networks;
      const units = first?.units ?? [];
      const hosts = units.filter((u) => u.canHost !== false);
      const host = row.format === 'digital' ? undefined : hosts[row.index % hosts.length];
      const presenters = units.filter((u) => u.id !== host?.id && u.serviceType !== 'userOrganisation');
      const presenter = presenters[(row.index * 3 + 1) % presenters.length];
      const slug = row.date.toISODate();
      const id = await insertId('gatherings', {
        starts_at: at(row.date, row.start),
        ends_at: at(row.date, row.end),
        kind: row.kind,
        format: row.format,
        status: row.status ?? 'planned',
        topic: TOPICS[row.index % TOPICS.length],
        host_unit_id: host?.id ?? null,
        venue: host ? `${host.organisation}, ${host.name}, ${host.address}` : '',
        meeting_url: row.format === 'physical' ? '' : `https://teams.example/samling/${first?.id}-${slug}`,
      });
      for (const network of row.networks) await trx('gathering_networks').insert({ gathering_id: id, network_id: network.id });
      if (presenter) await trx('gathering_presenters').insert({ gathering_id: id, unit_id: presenter.id });
      gatheringCount += 1;
    };

    for (const year of years) {
      for (const [n, { network, pattern, kind }] of networks.entries()) {
        for (const [i, slot] of pattern.entries()) {
          const date = nthThursday(year, slot.month, slot.week);
          if (kind === 'learning' && date.toISODate()! < LEARNING_NETWORK.startsOn) continue;
          // A realistic blemish: one network had to cancel last summer's gathering.
          const status = year === thisYear - 1 && n === networks.length - 2 && slot.month === 6 ? 'cancelled' : 'planned';
          await addGathering({ networks: [network], date, start: '12:00', end: '15:00', format: slot.format, kind: 'regular', index: n + i + year, status });
        }
        await trx('year_plans').insert({ network_id: network.id, year, accepted_by: network.leaderId, accepted_at: `${year - 1}-12-01T12:00:00Z` });
      }
      // seed 001: one joint extended fagdag a year across the region's local networks.
      for (const regionId of regionIds) {
        const locals = networks.filter((n) => n.kind === 'local' && n.network.regionId === regionId).map((n) => n.network);
        await addGathering({ networks: locals, date: nthThursday(year, FAGDAG.month, FAGDAG.week), start: '09:00', end: '15:30', format: 'physical', kind: 'fagdag', index: year });
      }
    }

    const demoUnits = trx('units').select('id').whereIn('region_id', regionIds);
    const countOf = async (query: ReturnType<Db>) => Number(((await query.count({ n: '*' }).first()) as { n: number } | undefined)?.n ?? 0);
    return {
      regions: regionIds.length,
      sectors: sectorUnits.size,
      networks: networks.length,
      units: await countOf(trx('units').whereIn('region_id', regionIds)),
      participants: await countOf(trx('participants').whereIn('unit_id', demoUnits)),
      memberships: await countOf(trx('memberships').whereIn('network_id', networks.map((n) => n.network.id))),
      gatherings: gatheringCount,
    };
  });
}
