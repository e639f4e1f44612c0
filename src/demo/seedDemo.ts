import type { Knex } from 'knex';
import type { Db } from '../db/knex';
import {
  DEMO_KORUS_ADMIN_EMAIL,
  DEMO_LEADER_EMAIL,
  DEMO_PARTICIPANT_EMAIL,
  DEMO_REGIONS,
  KORUS_CENTRE,
  KORUS_REGION,
  KORUS_UNIT,
} from './demoData';
import type { DemoRegion, DemoUnit } from './demoTypes';
import {
  PEOPLE_PER_UNIT,
  PROFESSIONS_BY_SERVICE,
  between,
  personName,
  phoneNumber,
  pick,
  seededRandom,
  workEmail,
} from './people';
import { insertId, type Context, type Network, type Region, type Unit } from './seedContext';
import { insertGatherings } from './seedGatherings';
import { insertMinutes } from './seedMinutes';
import { insertNetworks } from './seedNetworks';
import { insertYearStory } from './seedYear';
import { insertServiceProfiles } from './seedProfiles';

export interface DemoSummary {
  regions: number;
  sectors: number;
  networks: number;
  units: number;
  participants: number;
  memberships: number;
  gatherings: number;
}

export async function hasAnyRegion(db: Db): Promise<boolean> {
  return (await db('regions').first('id')) !== undefined;
}

/**
 * (Re)builds the demo data set in one transaction: two regions of KORUS Vest Bergen, six DPS
 * sectors, eight networks (one a two-year learning network), about 40 units and 200 people, with
 * last year's and this year's gatherings, and for the past ones agendas, answers, attendance and
 * evaluations (src/demo/seedYear.ts). Deterministic: the same `today` gives the same set.
 */
export async function seedDemo(db: Db, options: { today: string }): Promise<DemoSummary> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today))
    throw new Error(`seedDemo: today must be YYYY-MM-DD, got "${options.today}"`);
  return db.transaction(async (trx) => {
    await deleteDemoData(trx);
    const ctx: Context = {
      trx,
      random: seededRandom(20261124),
      emails: new Set(),
      thisYear: Number(options.today.slice(0, 4)),
      today: options.today,
    };
    const { regions, korus } = await insertOrganisation(ctx);
    await insertPeople(ctx, regions, korus);
    await insertServiceProfiles(ctx, regions);
    const networks = await insertNetworks(ctx, regions, korus);
    const gatherings = await insertGatherings(ctx, regions, networks);
    const units = [korus, ...regions.flatMap((r) => [...r.userOrgs, ...r.sectors.flatMap((s) => s.units)])];
    await insertYearStory(trx, { networks, units, today: options.today, thisYear: ctx.thisYear });
    await insertMinutes(trx, { networks, today: options.today });
    return summarise(trx, regions, networks, gatherings);
  });
}

/** Deletes everything under the demo regions, in foreign-key order, leaving other data alone. */
async function deleteDemoData(trx: Db): Promise<void> {
  const regions = () => trx('regions').select('id').where({ is_demo: true });
  const sectors = () => trx('sectors').select('id').whereIn('region_id', regions());
  const networks = () => trx('networks').select('id').whereIn('sector_id', sectors());
  const units = () => trx('units').select('id').whereIn('region_id', regions());
  const participants = () => trx('participants').select('id').whereIn('unit_id', units());

  // Gatherings of demo networks only (with their links, presenters and agendas, by cascade).
  await trx('gatherings as g')
    .whereIn('g.id', trx('gathering_networks').select('gathering_id').whereIn('network_id', networks()))
    .whereNotExists(
      trx('gathering_networks as other')
        .whereRaw('other.gathering_id = g.id')
        .whereNotIn('other.network_id', networks()),
    )
    .delete();
  await trx('gathering_networks').whereIn('network_id', networks()).delete();
  // Other gatherings keep going without the demo units' duties.
  await trx('gathering_presenters').whereIn('unit_id', units()).delete();
  await trx('gatherings').whereIn('host_unit_id', units()).update({ host_unit_id: null });
  await trx('memberships').whereIn('network_id', networks()).orWhereIn('participant_id', participants()).delete();
  await trx('network_units').whereIn('network_id', networks()).orWhereIn('unit_id', units()).delete();
  await trx('networks').whereIn('id', networks()).delete();
  await trx('participants').whereIn('id', participants()).delete();
  await trx('units').whereIn('id', units()).delete();
  await trx('sectors').whereIn('id', sectors()).delete();
  await trx('regions').whereIn('id', regions()).delete();
}

async function insertOrganisation(ctx: Context): Promise<{ regions: Region[]; korus: Unit }> {
  const addUnit = async (def: DemoUnit, region: { id: number; def: DemoRegion }): Promise<Unit> => {
    const manager = personName(ctx.random);
    const id = await insertId(ctx, 'units', {
      region_id: region.id,
      organisation: def.organisation,
      name: def.name,
      service_type: def.serviceType,
      address: def.address,
      can_host: def.canHost ?? true,
      manager_name: manager,
      manager_email: workEmail(manager, def.domain, ctx.emails),
    });
    return { id, def, regionId: region.id, nynorskShare: region.def.nynorskShare, people: [], cursor: 0 };
  };

  const regions: Region[] = [];
  let korus: Unit | undefined;
  for (const def of DEMO_REGIONS) {
    const region: Region = {
      id: await insertId(ctx, 'regions', { name: def.name, korus_centre: KORUS_CENTRE, is_demo: true }),
      def,
      userOrgs: [],
      sectors: [],
    };
    regions.push(region);
    if (def.name === KORUS_REGION) korus = await addUnit(KORUS_UNIT, region);
    for (const unit of def.userOrganisations) region.userOrgs.push(await addUnit(unit, region));
    for (const sector of def.sectors) {
      const id = await insertId(ctx, 'sectors', {
        region_id: region.id,
        name: sector.name,
        health_trust: sector.healthTrust,
        municipalities: sector.municipalities,
      });
      const units: Unit[] = [];
      for (const unit of sector.units) units.push(await addUnit(unit, region));
      region.sectors.push({ id, def: sector, units });
    }
  }
  if (!korus) throw new Error(`seedDemo: no demo region named ${KORUS_REGION}`);
  return { regions, korus };
}

async function insertPerson(
  ctx: Context,
  unit: Unit,
  fixed: { name?: string; email?: string; profession?: string } = {},
): Promise<number> {
  const name = fixed.name ?? personName(ctx.random);
  const email = fixed.email ?? workEmail(name, unit.def.domain, ctx.emails);
  ctx.emails.add(email);
  return insertId(ctx, 'participants', {
    unit_id: unit.id,
    name,
    email,
    phone: phoneNumber(ctx.random),
    profession: fixed.profession ?? pick(ctx.random, PROFESSIONS_BY_SERVICE[unit.def.serviceType]),
    is_user_representative: unit.def.represents === 'users',
    is_relatives_representative: unit.def.represents === 'relatives',
    language: ctx.random() < unit.nynorskShare ? 'nn' : 'nb',
  });
}

/** The fixed demo accounts first, then every unit filled up to its size. */
async function insertPeople(ctx: Context, regions: Region[], korus: Unit): Promise<void> {
  // The KORUS admin oversees both regions and belongs to no network, so is never drawn.
  const admin = await insertPerson(ctx, korus, {
    name: 'Ingrid Haugland',
    email: DEMO_KORUS_ADMIN_EMAIL,
    profession: 'manager',
  });
  for (const region of regions) await ctx.trx('korus_admins').insert({ participant_id: admin, region_id: region.id });

  const solli = regions.flatMap((r) => r.sectors).find((s) => s.def.name === 'Solli DPS');
  const solliDps = solli?.units.find((u) => u.def.serviceType === 'mentalHealth');
  const solliMunicipal = solli?.units.find((u) => u.def.serviceType === 'municipal');
  if (!solliDps || !solliMunicipal) throw new Error('seedDemo: Solli DPS needs a mental health and a municipal unit');
  // First in their units, so they are drawn first: the Solli network's leader and a participant there.
  solliDps.people.push(
    await insertPerson(ctx, solliDps, {
      name: 'Ragnhild Myklebust',
      email: DEMO_LEADER_EMAIL,
      profession: 'psychologist',
    }),
  );
  solliMunicipal.people.push(
    await insertPerson(ctx, solliMunicipal, {
      name: 'Sindre Tveit',
      email: DEMO_PARTICIPANT_EMAIL,
      profession: 'welfareNurse',
    }),
  );

  const units = [korus, ...regions.flatMap((r) => [...r.userOrgs, ...r.sectors.flatMap((s) => s.units)])];
  for (const unit of units) {
    const size = between(ctx.random, PEOPLE_PER_UNIT[unit.def.serviceType]);
    while (unit.people.length < size) unit.people.push(await insertPerson(ctx, unit));
  }
}

async function summarise(trx: Db, regions: Region[], networks: Network[], gatherings: number): Promise<DemoSummary> {
  const regionIds = regions.map((r) => r.id);
  const count = async (query: Knex.QueryBuilder) =>
    Number(((await query.count({ n: '*' }).first()) as { n: number } | undefined)?.n ?? 0);
  return {
    regions: regions.length,
    sectors: regions.reduce((sum, r) => sum + r.sectors.length, 0),
    networks: networks.length,
    units: await count(trx('units').whereIn('region_id', regionIds)),
    participants: await count(
      trx('participants').whereIn('unit_id', trx('units').select('id').whereIn('region_id', regionIds)),
    ),
    memberships: await count(
      trx('memberships').whereIn(
        'network_id',
        networks.map((n) => n.id),
      ),
    ),
    gatherings,
  };
}
