import { DateTime } from 'luxon';
import type { TestApp, TestClient } from './app';

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
      await t.db('gathering_networks').insert({ gathering_id: row.id, network_id: networkId });
      if (invited.length > 0)
        await t.db('invitations').insert(
          invited.map(({ participantId, answer }) => ({
            gathering_id: row.id,
            participant_id: participantId,
            sent_version: 1,
            answer,
          })),
        );
      return row.id as number;
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
