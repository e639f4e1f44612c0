import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../src/db/knex';
import { hashSecretToken, newSecretToken } from '../../src/kernel/secretTokens';
import {
  makeKorusAdmin,
  makeMembership,
  makeNetwork,
  makeParticipant,
  makeRegion,
  makeSector,
  makeUnit,
} from './factories';

// One small world with a record for every route's :id, shared by the fuzz and CSRF tests.

export interface World {
  R1: number;
  S1: number;
  N: number;
  uA: number;
  uB: number;
  admin: number;
  leader: number;
  member: number;
  member2: number;
  membership2: number;
  networkUnitB: number;
  gFuture: number;
  gPast: number;
  gRemove: number;
  item: number;
  guest: number;
  failedEmail: number;
  rsvpToken: string;
  /** The leader's own invitation to the future gathering (answered from Min side). */
  leaderInvitation: number;
  evaluationToken: string;
  /** A unit manager's link to confirm member2's mandate. */
  mandateToken: string;
  /** The yearly service profile check's link for unit uA (src/catalogue/checkRoutes.ts). */
  profileCheckToken: string;
  /** A fagdag ahead open for registration, one held today, the public page's slug and a registrant's cancel token. */
  gFagdag: number;
  gFagdagPast: number;
  registrationSlug: string;
  registrationToken: string;
  /** An open action in the past gathering's minutes. */
  minutesAction: number;
  // Records of their own for archive/restore/erase, so those do not disturb the rest.
  R2: number;
  S2: number;
  N2: number;
  uC: number;
  pZ: number;
  pErase: number;
}

const HOUR = 60 * 60 * 1000;

async function gathering(db: Db, networkId: number, startsAt: Date, status = 'planned'): Promise<number> {
  const [row] = await db('gatherings')
    .insert({
      starts_at: startsAt,
      ends_at: new Date(startsAt.getTime() + 3 * HOUR),
      format: 'physical',
      status,
      venue: 'Sentrum',
      topic: 'Samhandling',
    })
    .returning('id');
  await db('gathering_networks').insert({ gathering_id: row!.id, network_id: networkId });
  return row!.id as number;
}

export async function buildWorld(db: Db): Promise<World> {
  const R1 = await makeRegion(db, { name: 'Fuzz region' });
  const S1 = await makeSector(db, { region_id: R1 });
  const N = await makeNetwork(db, { sector_id: S1, name: 'Fuzz nettverk' });
  const uA = await makeUnit(db, { region_id: R1, can_host: true });
  const uB = await makeUnit(db, { region_id: R1 });
  await db('network_units').insert({ network_id: N, unit_id: uA });
  const [nub] = await db('network_units').insert({ network_id: N, unit_id: uB }).returning('id');
  const admin = await makeKorusAdmin(db, null);
  const leader = await makeParticipant(db, { unit_id: uA });
  await makeMembership(db, { network_id: N, participant_id: leader, role: 'leader' });
  const member = await makeParticipant(db, { unit_id: uA });
  await makeMembership(db, { network_id: N, participant_id: member });
  const member2 = await makeParticipant(db, { unit_id: uA });
  const membership2 = await makeMembership(db, { network_id: N, participant_id: member2 });
  await makeParticipant(db, { unit_id: uA, name: 'Kollega Kandidat' });

  const gFuture = await gathering(db, N, new Date(Date.now() + 40 * 24 * HOUR));
  const gPast = await gathering(db, N, new Date(Date.now() - 5 * HOUR));
  const gRemove = await gathering(db, N, new Date(Date.now() + 50 * 24 * HOUR));
  const [item] = await db('agenda_items')
    .insert({ gathering_id: gFuture, position: 1, kind: 'welcome', title: 'Velkommen', duration_minutes: 10 })
    .returning('id');
  const [guest] = await db('attendance_guests')
    .insert({ gathering_id: gPast, name: 'Gjest', unit_name: 'Gjesteenhet', profession: '' })
    .returning('id');

  const rsvpToken = newSecretToken(24);
  const [invitation] = await db('invitations')
    .insert({ gathering_id: gFuture, participant_id: member, sent_version: 1 })
    .returning('id');
  await db('rsvp_tokens').insert({ token_hash: hashSecretToken(rsvpToken), invitation_id: invitation!.id });
  await db('invitations').insert({ gathering_id: gPast, participant_id: member, sent_version: 1 });
  const [leaderInvitation] = await db('invitations')
    .insert({ gathering_id: gFuture, participant_id: leader, sent_version: 1 })
    .returning('id');
  await db('attendances').insert({ gathering_id: gPast, participant_id: member });
  const evaluationToken = newSecretToken(24);
  await db('evaluation_requests').insert({
    gathering_id: gPast,
    participant_id: member,
    token_hash: hashSecretToken(evaluationToken),
  });

  const mandateToken = newSecretToken(24);
  await db('mandates').insert({
    membership_id: membership2,
    token_hash: hashSecretToken(mandateToken),
    requested_at: db.fn.now(),
  });
  await db('service_profiles').insert({ unit_id: uA, offer: 'Oppfølging for personer med ROP-lidelser' });
  const profileCheckToken = newSecretToken(32);
  await db('service_profile_checks').insert({
    unit_id: uA,
    token_hash: hashSecretToken(profileCheckToken),
    sent_to: 'leder@kommune.example',
    expires_at: db.raw("now() + interval '60 days'"),
  });
  const gFagdag = await gathering(db, N, new Date(Date.now() + 60 * 24 * HOUR));
  const gFagdagPast = await gathering(db, N, new Date(Date.now() - 4 * HOUR));
  await db('gatherings').whereIn('id', [gFagdag, gFagdagPast]).update({ kind: 'fagdag' });
  const registrationSlug = 'fuzzpamelding1';
  for (const [id, slug] of [
    [gFagdag, registrationSlug],
    [gFagdagPast, 'fuzzpamelding2'],
  ] as const)
    await db('registration_settings').insert({
      gathering_id: id,
      public_slug: slug,
      capacity: 1000,
      deadline: new Date(Date.now() + 30 * 24 * HOUR),
      organizer_name: 'KORUS',
      organizer_email: 'korus@korus.example',
    });
  const registrationToken = newSecretToken(24);
  await db('registrations').insert({
    gathering_id: gFagdag,
    name: 'Påmeldt Person',
    email: 'pameldt@kommune.example',
    organisation: 'Bergen kommune',
    status: 'confirmed',
    cancel_token_hash: hashSecretToken(registrationToken),
  });
  const [minutesAction] = await db('minutes_actions')
    .insert({ gathering_id: gPast, what: 'Lage rutine', responsible_person: 'Leder' })
    .returning('id');

  const [email] = await db('outgoing_emails')
    .insert({
      template: 'login',
      to_email: 'x@kommune.example',
      region_id: R1,
      network_id: N,
      language: 'nb',
      subject: 'x',
      params: '{}',
      status: 'failed',
      message_id: '<fuzz@samling.test>',
    })
    .returning('id');

  const R2 = await makeRegion(db, { name: 'Arkivregion' });
  const S2 = await makeSector(db, { region_id: R2 });
  const N2 = await makeNetwork(db, { sector_id: S2 });
  const uC = await makeUnit(db, { region_id: R2 });
  const pZ = await makeParticipant(db, { unit_id: uC });
  const pErase = await makeParticipant(db, { unit_id: uC });

  return {
    R1,
    S1,
    N,
    uA,
    uB,
    admin,
    leader,
    member,
    member2,
    membership2,
    networkUnitB: nub!.id,
    gFuture,
    gPast,
    gRemove,
    item: item!.id,
    guest: guest!.id,
    failedEmail: email!.id,
    rsvpToken,
    leaderInvitation: leaderInvitation!.id as number,
    evaluationToken,
    mandateToken,
    profileCheckToken,
    gFagdag,
    gFagdagPast,
    registrationSlug,
    registrationToken,
    minutesAction: minutesAction!.id as number,
    R2,
    S2,
    N2,
    uC,
    pZ,
    pErase,
  };
}

/** A stand-in OpenID Connect provider: only the discovery document, enough for POST /auth/oidc. */
export async function startDiscoveryServer(): Promise<{ issuer: string; close: () => Promise<void> }> {
  let issuer = '';
  const server: Server = createServer((req, res) => {
    if (req.url !== '/.well-known/openid-configuration') {
      res.statusCode = 404;
      return res.end();
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        issuer,
        authorization_endpoint: `${issuer}/auth`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { issuer, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Row counts of every table in the public schema that a request could change (not sessions or rate limits). */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const tables = (await db('pg_tables')
    .where({ schemaname: 'public' })
    .whereNotIn('tablename', ['sessions', 'rate_limits', 'knex_migrations', 'knex_migrations_lock'])
    .pluck('tablename')) as string[];
  const row = (await db
    .select(Object.fromEntries(tables.map((t) => [t, db(t).count('*')])) as never)
    .first()) as Record<string, string>;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}
