import type { Db } from '../../src/db/knex';
import { goalsDigest, goalsOf } from '../../src/goals/queries';
import type { World } from './fuzzFixtures';

// Every state-changing route in the app, with a path into the test world, who may post it and
// the fields its form has. The fuzz and CSRF tests go through this list; a guard test compares
// it with the routes the sources declare.

export type Who = 'admin' | 'me' | 'anonymous';
export type Body = Record<string, string | string[]>;

export interface FuzzRoute {
  /** The route as declared in the sources. */
  route: string;
  path: (w: World) => string;
  as: Who;
  fields: string[];
  /** A valid body (fields the fuzzer may keep), so fuzzed text also reaches the database. */
  base?: (w: World, db: Db) => Promise<Body> | Body;
}

const versionOf = async (db: Db, table: string, id: number) =>
  String(((await db(table).where({ id }).first('version')) as { version: number }).version);
export const nextYear = String(new Date().getFullYear() + 1);
const future = new Date(Date.now() + 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);

const GATHERING = ['date', 'startTime', 'endTime', 'format', 'kind', 'venue', 'meetingUrl', 'topic', 'aim', 'version'];
const ITEM = [
  'kind',
  'title',
  'description',
  'durationMinutes',
  'responsibleUnitId',
  'responsiblePerson',
  'anonymisedConfirmed',
];
const NETWORK = ['sectorId', 'name', 'kind', 'status', 'startsOn', 'endsOn', 'description'];
const UNIT = ['regionId', 'organisation', 'name', 'serviceType', 'address', 'canHost', 'managerName', 'managerEmail'];
const PARTICIPANT = [
  'unitId',
  'name',
  'email',
  'phone',
  'profession',
  'isUserRepresentative',
  'isRelativesRepresentative',
  'language',
];
const STAND_IN = ['participantId', 'name', 'email', 'profession'];
const SETTINGS = [
  'gatheringsPerYear',
  'preferredWeekdays',
  'startTime',
  'endTime',
  'otherFormat',
  'presentersPerGathering',
  'minExchangePercent',
  'agendaDueDays',
  'evaluationDays',
  'preparationReminderDays',
  'participantReminderDays',
  'blockedPeriods',
  'version',
];

const PROFILE = [
  'offer',
  'targetGroup',
  'howToContact',
  'contactEmail',
  'contactPhone',
  'openingHours',
  'needsFromOthers',
  'municipalities',
  'version',
];
const profileBase = async (w: World, db: Db) => ({
  offer: 'Oppfølging i hjemmet',
  version: String(
    ((await db('service_profiles').where({ unit_id: w.uA }).first('version')) as { version: number } | undefined)
      ?.version ?? 0,
  ),
});

const itemBase = () => ({ kind: 'exchange', title: 'Erfaringsdeling', durationMinutes: '30' });
const participantBase = (w: World) => ({
  unitId: String(w.uA),
  name: 'Ny Person',
  email: `ny.${Math.random().toString(36).slice(2)}@kommune.example`,
  profession: 'nurse',
  language: 'nb',
});
const unitBase = (w: World) => ({
  regionId: String(w.R1),
  organisation: 'Bergen kommune',
  name: 'Ny enhet',
  serviceType: 'municipal',
});

export const FUZZ_ROUTES: FuzzRoute[] = [
  // Signed out: sign-in, language, answers from emails.
  {
    route: '/login',
    path: () => '/login',
    as: 'anonymous',
    fields: ['email', 'returnTo'],
    base: () => ({ email: 'ukjent@kommune.example', returnTo: '/me' }),
  },
  { route: '/login/verify', path: () => '/login/verify', as: 'anonymous', fields: ['token', 'returnTo'] },
  { route: '/logout', path: () => '/logout', as: 'anonymous', fields: [] },
  {
    route: '/language',
    path: () => '/language',
    as: 'anonymous',
    fields: ['lang', 'returnTo'],
    base: () => ({ lang: 'nn', returnTo: '/login' }),
  },
  { route: '/auth/oidc', path: () => '/auth/oidc', as: 'anonymous', fields: ['returnTo'] },
  {
    route: '/rsvp/:token',
    path: (w) => `/rsvp/${w.rsvpToken}`,
    as: 'anonymous',
    fields: ['answer'],
    base: () => ({ answer: 'yes' }),
  },
  {
    route: '/rsvp/:token/stand-in',
    path: (w) => `/rsvp/${w.rsvpToken}/stand-in`,
    as: 'anonymous',
    fields: STAND_IN,
    base: () => ({
      name: 'Vikar',
      email: `vikar.${Math.random().toString(36).slice(2)}@kommune.example`,
      profession: 'nurse',
    }),
  },
  {
    route: '/mandate/:token',
    path: (w) => `/mandate/${w.mandateToken}`,
    as: 'anonymous',
    fields: [],
  },
  {
    route: '/networks/:id/mandates',
    path: (w) => `/networks/${w.N}/mandates`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/evaluation/:token',
    path: (w) => `/evaluation/${w.evaluationToken}`,
    as: 'anonymous',
    fields: ['usefulness', 'topicRelevant', 'enoughExchange', 'whatWorked', 'whatToChange', 'topicWishes'],
    base: () => ({ usefulness: '4', topicRelevant: 'yes', enoughExchange: 'no' }),
  },
  {
    route: '/catalogue/check/:token',
    path: (w) => `/catalogue/check/${w.profileCheckToken}`,
    as: 'anonymous',
    fields: [],
  },
  {
    route: '/catalogue/check/:token/edit',
    path: (w) => `/catalogue/check/${w.profileCheckToken}/edit`,
    as: 'anonymous',
    fields: PROFILE,
    base: profileBase,
  },
  // Registration to a fagdag: the public page and the cancel link (no sign-in).
  {
    route: '/pamelding/:slug',
    path: (w) => `/pamelding/${w.registrationSlug}`,
    as: 'anonymous',
    fields: ['name', 'email', 'organisation', 'profession', 'answer0', 'answer1', 'website'],
    base: () => ({
      name: 'Ny Påmeldt',
      email: `pamelding.${Math.random().toString(36).slice(2)}@kommune.example`,
      organisation: 'Askøy kommune',
    }),
  },
  { route: '/avmelding/:token', path: (w) => `/avmelding/${w.registrationToken}`, as: 'anonymous', fields: [] },
  // The signed-in person's own page.
  { route: '/me/contact-sharing', path: () => '/me/contact-sharing', as: 'me', fields: ['sharesContactDetails'] },
  {
    route: '/catalogue/units/:id',
    path: (w) => `/catalogue/units/${w.uA}`,
    as: 'admin',
    fields: PROFILE,
    base: profileBase,
  },
  { route: '/me/calendar', path: () => '/me/calendar', as: 'me', fields: [] },
  { route: '/me/erasure-request', path: () => '/me/erasure-request', as: 'me', fields: [] },
  {
    route: '/me/invitations/:id/answer',
    path: (w) => `/me/invitations/${w.leaderInvitation}/answer`,
    as: 'me',
    fields: ['answer'],
    base: () => ({ answer: 'yes' }),
  },
  // Regions, sectors, networks, units, people.
  {
    route: '/regions',
    path: () => '/regions',
    as: 'admin',
    fields: ['name', 'korusCentre'],
    base: () => ({ name: 'Ny region', korusCentre: 'KORUS Vest' }),
  },
  {
    route: '/regions/:id',
    path: (w) => `/regions/${w.R1}`,
    as: 'admin',
    fields: ['name', 'korusCentre', 'version'],
    base: async (w, db) => ({
      name: 'Fuzz region',
      korusCentre: 'KORUS Vest',
      version: await versionOf(db, 'regions', w.R1),
    }),
  },
  { route: '/regions/:id/archive', path: (w) => `/regions/${w.R2}/archive`, as: 'admin', fields: [] },
  { route: '/regions/:id/restore', path: (w) => `/regions/${w.R2}/restore`, as: 'admin', fields: [] },
  {
    route: '/regions/:id/fagdag',
    path: (w) => `/regions/${w.R1}/fagdag`,
    as: 'admin',
    fields: ['date', 'startTime', 'endTime', 'topic', 'venue', 'hostUnitId', 'networkIds'],
    base: (w) => ({
      date: future,
      startTime: '09:00',
      endTime: '15:00',
      topic: 'Fagdag',
      venue: 'Sentrum',
      networkIds: [String(w.N), String(w.N2)],
    }),
  },
  {
    route: '/sectors',
    path: () => '/sectors',
    as: 'admin',
    fields: ['regionId', 'name', 'healthTrust'],
    base: (w) => ({ regionId: String(w.R1), name: 'DPS Ny', healthTrust: 'Helse Bergen' }),
  },
  {
    route: '/sectors/:id',
    path: (w) => `/sectors/${w.S1}`,
    as: 'admin',
    fields: ['regionId', 'name', 'healthTrust', 'version'],
    base: async (w, db) => ({
      regionId: String(w.R1),
      name: 'DPS Fuzz',
      healthTrust: 'Helse Bergen',
      version: await versionOf(db, 'sectors', w.S1),
    }),
  },
  { route: '/sectors/:id/archive', path: (w) => `/sectors/${w.S2}/archive`, as: 'admin', fields: [] },
  { route: '/sectors/:id/restore', path: (w) => `/sectors/${w.S2}/restore`, as: 'admin', fields: [] },
  {
    route: '/sectors/:id/indicators',
    path: (w) => `/sectors/${w.S1}/indicators`,
    as: 'admin',
    fields: ['year', 'hasCollaborationArena', 'crisisPlanPatients', 'factTeams', 'version'],
    base: () => ({ year: '2025', crisisPlanPatients: '3', factTeams: '1', version: '0' }),
  },
  {
    route: '/networks',
    path: () => '/networks',
    as: 'admin',
    fields: NETWORK,
    base: (w) => ({ sectorId: String(w.S1), name: 'Nytt nettverk', kind: 'local', status: 'active' }),
  },
  {
    route: '/networks/:id',
    path: (w) => `/networks/${w.N}`,
    as: 'admin',
    fields: [...NETWORK, 'version'],
    base: async (w, db) => ({
      sectorId: String(w.S1),
      name: 'Fuzz nettverk',
      kind: 'local',
      status: 'active',
      version: await versionOf(db, 'networks', w.N),
    }),
  },
  { route: '/networks/:id/archive', path: (w) => `/networks/${w.N2}/archive`, as: 'admin', fields: [] },
  { route: '/networks/:id/restore', path: (w) => `/networks/${w.N2}/restore`, as: 'admin', fields: [] },
  // A form without a file (the fuzzer posts forms): refused with a message at the upload.
  { route: '/regions/:id/import', path: (w) => `/regions/${w.R1}/import`, as: 'admin', fields: [] },
  { route: '/networks/:id/import', path: (w) => `/networks/${w.N}/import`, as: 'admin', fields: [] },
  // A material's form without its file: refused with a message at the upload, nothing written.
  {
    route: '/gatherings/:id/materials',
    path: (w) => `/gatherings/${w.gFuture}/materials`,
    as: 'admin',
    fields: ['agendaItemId'],
  },
  // A material that is not there: 404, nothing written.
  { route: '/materials/:id/delete', path: () => '/materials/2147483000/delete', as: 'admin', fields: ['confirm'] },
  { route: '/materials/:id/share', path: () => '/materials/2147483000/share', as: 'admin', fields: ['shared'] },
  // A draft that is not there (the fields are the column choices m0…): 404, nothing written.
  {
    route: '/regions/:id/import/:draftId',
    path: (w) => `/regions/${w.R1}/import/00000000-0000-4000-8000-000000000000`,
    as: 'admin',
    fields: ['m0', 'm1', 'm2'],
  },
  {
    route: '/networks/:id/import/:draftId',
    path: (w) => `/networks/${w.N}/import/00000000-0000-4000-8000-000000000000`,
    as: 'admin',
    fields: ['m0', 'm1', 'm2'],
  },
  {
    route: '/networks/:id/memberships',
    path: (w) => `/networks/${w.N}/memberships`,
    as: 'admin',
    fields: ['participantId', 'role'],
    base: (w) => ({ participantId: String(w.pZ), role: 'participant' }),
  },
  {
    route: '/networks/:id/memberships/:memberId/role',
    path: (w) => `/networks/${w.N}/memberships/${w.membership2}/role`,
    as: 'admin',
    fields: ['role'],
    base: () => ({ role: 'workingGroup' }),
  },
  {
    route: '/networks/:id/memberships/:memberId/end',
    path: (w) => `/networks/${w.N}/memberships/${w.membership2}/end`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/networks/:id/units',
    path: (w) => `/networks/${w.N}/units`,
    as: 'admin',
    fields: ['unitId'],
    base: (w) => ({ unitId: String(w.uB) }),
  },
  {
    route: '/networks/:id/units/:memberId/end',
    path: (w) => `/networks/${w.N}/units/${w.networkUnitB}/end`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/networks/:id/settings',
    path: (w) => `/networks/${w.N}/settings`,
    as: 'admin',
    fields: SETTINGS,
    base: async (w, db) => ({
      gatheringsPerYear: '4',
      preferredWeekdays: ['2', '3'],
      startTime: '09:00',
      endTime: '12:00',
      otherFormat: 'digital',
      presentersPerGathering: '2',
      minExchangePercent: '40',
      agendaDueDays: '14',
      evaluationDays: '14',
      preparationReminderDays: '28',
      participantReminderDays: '2',
      blockedPeriods: '',
      version: await versionOf(db, 'networks', w.N),
    }),
  },
  {
    route: '/networks/:id/goals',
    path: (w) => `/networks/${w.N}/goals`,
    as: 'admin',
    fields: ['year', 'goal1', 'goal2', 'goal3', 'goal4', 'goal5', 'loaded'],
    base: async (w, db) => ({
      year: nextYear,
      goal1: 'Felles forståelse av kriseplaner',
      loaded: goalsDigest(await goalsOf(db, w.N, Number(nextYear))),
    }),
  },
  {
    route: '/networks/:id/agenda-template',
    path: (w) => `/networks/${w.N}/agenda-template`,
    as: 'admin',
    fields: ['kind', 'title', 'percent'],
    base: () => ({ kind: ['welcome', 'exchange'], title: ['Velkommen', ''], percent: ['10', ''] }),
  },
  {
    route: '/networks/:id/agenda-template/reset',
    path: (w) => `/networks/${w.N}/agenda-template/reset`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/networks/:id/plan/propose',
    path: (w) => `/networks/${w.N}/plan/propose`,
    as: 'admin',
    fields: ['year', 'withFagdag'],
    base: () => ({ year: nextYear }),
  },
  {
    route: '/networks/:id/plan/accept',
    path: (w) => `/networks/${w.N}/plan/accept`,
    as: 'admin',
    fields: ['year'],
    base: () => ({ year: nextYear }),
  },
  {
    route: '/networks/:id/plan/rotate',
    path: (w) => `/networks/${w.N}/plan/rotate`,
    as: 'admin',
    fields: ['year'],
    base: () => ({ year: nextYear }),
  },
  {
    route: '/networks/:id/plan/swap',
    path: (w) => `/networks/${w.N}/plan/swap`,
    as: 'admin',
    fields: ['first', 'second', 'duty', 'year'],
    base: (w) => ({ first: String(w.gFuture), second: String(w.gRemove), duty: 'presenter', year: nextYear }),
  },
  {
    route: '/networks/:id/plan/send',
    path: (w) => `/networks/${w.N}/plan/send`,
    as: 'admin',
    fields: ['year'],
    base: () => ({ year: nextYear }),
  },
  { route: '/units', path: () => '/units', as: 'admin', fields: UNIT, base: unitBase },
  {
    route: '/units/:id',
    path: (w) => `/units/${w.uB}`,
    as: 'admin',
    fields: [...UNIT, 'version'],
    base: async (w, db) => ({ ...unitBase(w), version: await versionOf(db, 'units', w.uB) }),
  },
  { route: '/units/:id/archive', path: (w) => `/units/${w.uC}/archive`, as: 'admin', fields: [] },
  { route: '/units/:id/restore', path: (w) => `/units/${w.uC}/restore`, as: 'admin', fields: [] },
  { route: '/participants', path: () => '/participants', as: 'admin', fields: PARTICIPANT, base: participantBase },
  {
    route: '/participants/:id',
    path: (w) => `/participants/${w.member2}`,
    as: 'admin',
    fields: [...PARTICIPANT, 'version'],
    base: async (w, db) => ({ ...participantBase(w), version: await versionOf(db, 'participants', w.member2) }),
  },
  { route: '/participants/:id/archive', path: (w) => `/participants/${w.pZ}/archive`, as: 'admin', fields: [] },
  { route: '/participants/:id/restore', path: (w) => `/participants/${w.pZ}/restore`, as: 'admin', fields: [] },
  { route: '/participants/:id/erase', path: (w) => `/participants/${w.pErase}/erase`, as: 'admin', fields: [] },
  // Gatherings: plan, agenda, attendance, evaluation.
  {
    route: '/gatherings/:id/registration',
    path: (w) => `/gatherings/${w.gFagdag}/registration`,
    as: 'admin',
    fields: ['open', 'capacity', 'deadlineDate', 'deadlineTime', 'openToOutsiders', 'questions', 'version'],
    base: async (w, db) => ({
      open: 'on',
      capacity: '1000',
      deadlineDate: future,
      deadlineTime: '12:00',
      questions: 'Hensyn til kost?',
      version: String(
        ((await db('registration_settings').where({ gathering_id: w.gFagdag }).first('version')) as { version: number })
          .version,
      ),
    }),
  },
  {
    route: '/gatherings/:id/registrations/attendance',
    path: (w) => `/gatherings/${w.gFagdagPast}/registrations/attendance`,
    as: 'admin',
    fields: ['present'],
  },
  {
    route: '/gatherings/:id',
    path: (w) => `/gatherings/${w.gFuture}`,
    as: 'admin',
    fields: GATHERING,
    base: async (w, db) => ({
      date: future,
      startTime: '09:00',
      endTime: '12:00',
      format: 'physical',
      kind: 'regular',
      venue: 'Sentrum',
      topic: 'Tema',
      version: await versionOf(db, 'gatherings', w.gFuture),
    }),
  },
  {
    route: '/gatherings/:id/duties',
    path: (w) => `/gatherings/${w.gFuture}`.concat('/duties'),
    as: 'admin',
    fields: ['hostUnitId', 'presenterUnitIds', 'lockHost', 'lockPresenters', 'caseUnitId', 'lockCase', 'version'],
    base: async (w, db) => ({
      hostUnitId: String(w.uA),
      presenterUnitIds: [String(w.uB)],
      version: await versionOf(db, 'gatherings', w.gFuture),
    }),
  },
  {
    route: '/gatherings/:id/topic',
    path: (w) => `/gatherings/${w.gFuture}/topic`,
    as: 'admin',
    fields: ['topicId', 'newTopic', 'shareWithRegion'],
    base: () => ({ newTopic: 'Rus og psykisk helse' }),
  },
  {
    route: '/gatherings/:id/agenda/template',
    path: (w) => `/gatherings/${w.gFuture}/agenda/template`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/agenda/items',
    path: (w) => `/gatherings/${w.gFuture}/agenda/items`,
    as: 'admin',
    fields: ITEM,
    base: itemBase,
  },
  {
    route: '/gatherings/:id/agenda/items/:itemId',
    path: (w) => `/gatherings/${w.gFuture}/agenda/items/${w.item}`,
    as: 'admin',
    fields: ITEM,
    base: itemBase,
  },
  {
    route: '/gatherings/:id/agenda/items/:itemId/move',
    path: (w) => `/gatherings/${w.gFuture}/agenda/items/${w.item}/move`,
    as: 'admin',
    fields: ['direction'],
    base: () => ({ direction: 'down' }),
  },
  {
    route: '/gatherings/:id/agenda/publish',
    path: (w) => `/gatherings/${w.gFuture}/agenda/publish`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/agenda/items/:itemId/delete',
    path: (w) => `/gatherings/${w.gFuture}/agenda/items/${w.item}/delete`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/agenda/follow-up',
    path: (w) => `/gatherings/${w.gFuture}/agenda/follow-up`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/minutes',
    path: (w) => `/gatherings/${w.gPast}/minutes`,
    as: 'admin',
    fields: ['discussion', 'caseSummary', 'caseAnonymisedConfirmed', 'nextQuestions', 'version'],
    base: async (w, db) => ({
      discussion: 'Samhandling om utskriving',
      version: String((await db('minutes').where({ gathering_id: w.gPast }).first('version'))?.version ?? 0),
    }),
  },
  {
    route: '/gatherings/:id/minutes/note-taker',
    path: (w) => `/gatherings/${w.gPast}/minutes/note-taker`,
    as: 'admin',
    fields: ['noteTakerId'],
    base: (w) => ({ noteTakerId: String(w.member) }),
  },
  {
    route: '/gatherings/:id/minutes/actions',
    path: (w) => `/gatherings/${w.gPast}/minutes/actions`,
    as: 'admin',
    fields: ['what', 'responsibleUnitId', 'responsiblePerson', 'dueOn'],
    base: (w) => ({ what: 'Invitere NAV', responsibleUnitId: String(w.uA), dueOn: future }),
  },
  {
    route: '/gatherings/:id/minutes/actions/:actionId/close',
    path: (w) => `/gatherings/${w.gPast}/minutes/actions/${w.minutesAction}/close`,
    as: 'admin',
    fields: ['back'],
    base: () => ({ back: 'network' }),
  },
  {
    route: '/gatherings/:id/minutes/publish',
    path: (w) => `/gatherings/${w.gPast}/minutes/publish`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/stand-in',
    path: (w) => `/gatherings/${w.gFuture}/stand-in`,
    as: 'admin',
    fields: ['forParticipantId', ...STAND_IN],
    base: (w) => ({
      forParticipantId: String(w.member),
      name: 'Vikar Leder',
      email: `vl.${Math.random().toString(36).slice(2)}@kommune.example`,
    }),
  },
  {
    route: '/gatherings/:id/stand-in/remove',
    path: (w) => `/gatherings/${w.gFuture}/stand-in/remove`,
    as: 'admin',
    fields: ['forParticipantId'],
    base: (w) => ({ forParticipantId: String(w.member) }),
  },
  {
    route: '/gatherings/:id/attendance',
    path: (w) => `/gatherings/${w.gPast}/attendance`,
    as: 'admin',
    fields: ['present'],
    base: (w) => ({ present: [String(w.member)] }),
  },
  {
    route: '/gatherings/:id/attendance/guests',
    path: (w) => `/gatherings/${w.gPast}/attendance/guests`,
    as: 'admin',
    fields: ['name', 'unitName', 'profession', 'serviceType'],
    base: () => ({ name: 'Gjest', unitName: 'NAV Sentrum' }),
  },
  {
    route: '/gatherings/:id/attendance/guests/:guestId/remove',
    path: (w) => `/gatherings/${w.gPast}/attendance/guests/${w.guest}/remove`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/evaluation/send',
    path: (w) => `/gatherings/${w.gPast}/evaluation/send`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/gatherings/:id/evaluation/remind',
    path: (w) => `/gatherings/${w.gPast}/evaluation/remind`,
    as: 'admin',
    fields: [],
  },
  { route: '/gatherings/:id/remove', path: (w) => `/gatherings/${w.gRemove}/remove`, as: 'admin', fields: [] },
  { route: '/emails/:id/resend', path: (w) => `/emails/${w.failedEmail}/resend`, as: 'admin', fields: [] },
  {
    route: '/networks/:id/emails/resend-failed',
    path: (w) => `/networks/${w.N}/emails/resend-failed`,
    as: 'admin',
    fields: [],
  },
  {
    route: '/networks/:id/emails/retry-now',
    path: (w) => `/networks/${w.N}/emails/retry-now`,
    as: 'admin',
    fields: ['year'],
  },
  { route: '/emails/retry-now', path: () => '/emails/retry-now', as: 'admin', fields: [] },
];
