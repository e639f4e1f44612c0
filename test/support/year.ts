import { DateTime } from 'luxon';
import type { TestApp, TestClient } from './app';
import {
  makeKorusAdmin,
  makeMember,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from './factories';

/**
 * Building last year's story of a network for the figures tests: gatherings with invitations,
 * published agendas and evaluations written directly (each has its own tests), attendance,
 * stand-ins and guests registered by the leader through the app.
 */
export function yearStory(t: TestApp, year = DateTime.now().setZone('Europe/Oslo').year - 1) {
  const at = (date: string, time = '12:00') =>
    DateTime.fromISO(`${year}-${date}T${time}`, { zone: 'Europe/Oslo' }).toJSDate();
  // Last year's evaluations closed long ago, so registering attendance now asks nobody
  // (src/evaluation/closing.ts): the requests made back then, one per person present, are written directly.
  const askPresent = (gatheringId: number) =>
    t.db.raw(
      `insert into evaluation_requests (gathering_id, participant_id, token_hash)
       select gathering_id, participant_id, sha256(random()::text::bytea) from attendances where gathering_id = ?
       on conflict (gathering_id, participant_id) do nothing`,
      [gatheringId],
    );
  return {
    year,
    at,
    /** A gathering of the network on `date` (MM-DD), 12–15, with everyone in `invited` invited and their answers. */
    async gathering(
      networkId: number,
      date: string,
      format: string,
      invited: { participantId: number; answer: string | null }[],
      options: { status?: string; topic?: string } = {},
    ): Promise<number> {
      const [row] = await t
        .db('gatherings')
        .insert({
          starts_at: at(date),
          ends_at: at(date, '15:00'),
          format,
          status: options.status ?? 'planned',
          venue: 'Øyane DPS',
          topic: options.topic ?? `Tema ${date}`,
        })
        .returning('id');
      await t.db('gathering_networks').insert({ gathering_id: row!.id, network_id: networkId });
      if (invited.length > 0)
        await t.db('invitations').insert(
          invited.map(({ participantId, answer }) => ({
            gathering_id: row!.id,
            participant_id: participantId,
            sent_version: 1,
            answer,
          })),
        );
      return row!.id as number;
    },
    publishAgenda: (gatheringId: number, daysBefore: number) =>
      t.db('agenda_versions').insert({
        gathering_id: gatheringId,
        version: 1,
        published_at: t.db.raw(`(select starts_at from gatherings where id = ?) - make_interval(days => ?)`, [
          gatheringId,
          daysBefore,
        ]),
        snapshot: JSON.stringify({ topic: 'x', startTime: '12:00', endTime: '15:00', items: [] }),
      }),
    evaluate: (gatheringId: number, scores: number[], extra: (index: number) => Record<string, unknown> = () => ({})) =>
      t.db('evaluations').insert(
        scores.map((usefulness, i) => ({
          gathering_id: gatheringId,
          usefulness,
          topic_relevant: true,
          enough_exchange: usefulness > 2,
          ...extra(i),
        })),
      ),
    async register(leader: TestClient, gatheringId: number, present: number[]): Promise<void> {
      const res = await leader.post(
        `/gatherings/${gatheringId}/attendance`,
        { present: present.map(String) },
        `/gatherings/${gatheringId}/attendance`,
      );
      if (res.status !== 303) throw new Error(`attendance not registered: ${res.status}`);
      await askPresent(gatheringId);
    },
    async standIn(
      leader: TestClient,
      gatheringId: number,
      forParticipantId: number,
      participantId: number,
    ): Promise<void> {
      const res = await leader.post(
        `/gatherings/${gatheringId}/stand-in`,
        { forParticipantId: String(forParticipantId), participantId: String(participantId) },
        `/gatherings/${gatheringId}/stand-in?for=${forParticipantId}`,
      );
      if (res.status !== 303) throw new Error(`stand-in not named: ${res.status}`);
      await askPresent(gatheringId);
    },
    async guest(leader: TestClient, gatheringId: number, guest: Record<string, string>): Promise<void> {
      const res = await leader.post(
        `/gatherings/${gatheringId}/attendance/guests`,
        guest,
        `/gatherings/${gatheringId}/attendance`,
      );
      if (res.status !== 303) throw new Error(`guest not added: ${res.status}`);
    },
  };
}

/**
 * Last year of the Øyane network in the region Vestland nord (its figures in overview.test.ts were
 * worked out by hand from this story): four members from three services and Sigrid, who stands
 * in once; four gatherings (November cancelled), June's agenda late; attendance registered by the
 * leader with a stand-in and a guest; evaluations. Beside it a network with no leader or plan
 * (Nordhordland), and another region (Helse Fonna) with a network of its own (Haugesund).
 */
export async function oyaneYear(t: TestApp, story: ReturnType<typeof yearStory>) {
  const regionId = await makeRegion(t.db, { name: 'Vestland nord' });
  const sectorId = await makeSector(t.db, { region_id: regionId, name: 'Øyane DPS' });
  const networkId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Øyane' });
  const leaderlessId = await makeNetwork(t.db, { sector_id: sectorId, name: 'ROP-nettverk Nordhordland' });
  const otherRegionId = await makeRegion(t.db, { name: 'Helse Fonna' });
  await makeNetwork(t.db, {
    sector_id: await makeSector(t.db, { region_id: otherRegionId, name: 'Haugesund DPS' }),
    name: 'ROP-nettverk Haugesund',
  });
  const units = {
    municipal: await makeUnit(t.db, { region_id: regionId, name: 'Rusteam Alver', service_type: 'municipal' }),
    phv: await makeUnit(t.db, { region_id: regionId, name: 'Øyane DPS poliklinikk', service_type: 'mentalHealth' }),
    tsb: await makeUnit(t.db, { region_id: regionId, name: 'Rusbehandling Knarvik', service_type: 'addiction' }),
  };
  const member = (name: string, unit: number, profession: string, role = 'participant') =>
    makeMember(t.db, networkId, { unit_id: unit, name, profession, role });
  const p = {
    leader: await member('leader', units.phv, 'psychologist', 'leader'),
    anna: await member('anna', units.municipal, 'socialWorker'),
    bjorn: await member('bjorn', units.tsb, 'nurse'),
    cecilie: await member('cecilie', units.municipal, 'nurse'),
    sigrid: await makeParticipant(t.db, {
      unit_id: units.municipal,
      name: 'Sigrid Stedfortreder',
      profession: 'socialWorker',
    }),
  };
  await t.db('year_plans').insert({ network_id: networkId, year: story.year, accepted_by: p.leader });
  const admin = await makeKorusAdmin(t.db, regionId);

  // Everyone in the network was invited; all but Cecilie said yes.
  const invited = [p.leader, p.anna, p.bjorn, p.cecilie].map((participantId) => ({
    participantId,
    answer: participantId === p.cecilie ? 'no' : 'yes',
  }));
  const g = {
    march: await story.gathering(networkId, '03-12', 'physical', invited),
    june: await story.gathering(networkId, '06-11', 'digital', invited),
    september: await story.gathering(networkId, '09-10', 'physical', invited),
    november: await story.gathering(networkId, '11-19', 'hybrid', invited, { status: 'cancelled' }),
  };
  await story.publishAgenda(g.march, 20);
  await story.publishAgenda(g.june, 5); // due 14 days before: late
  await story.publishAgenda(g.september, 14);

  const leader = await t.client().signIn(p.leader);
  await story.register(leader, g.march, [p.leader, p.anna, p.bjorn]);
  // June: Cecilie cannot come; Sigrid from her unit stands in. Nobody from addiction treatment came.
  await story.standIn(leader, g.june, p.cecilie, p.sigrid);
  await story.register(leader, g.june, [p.leader, p.anna, p.sigrid]);
  await story.register(leader, g.september, [p.leader, p.anna, p.bjorn, p.cecilie]);
  await story.guest(leader, g.september, {
    name: 'Nora NAV',
    unitName: 'NAV Alver',
    profession: 'navAdviser',
    serviceType: 'welfare',
  });
  await story.evaluate(g.march, [4, 5, 3]);
  await story.evaluate(g.june, [5, 5]); // two answers: never shown on their own
  await story.evaluate(g.september, [2, 3, 4]);
  return { regionId, sectorId, networkId, leaderlessId, otherRegionId, units, p, g, admin };
}
