import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { renewCalendarToken } from '../../src/calendar/feeds';
import { issueRsvpTokens } from '../../src/invitations/queries';
import { hashSecretToken, newSecretToken } from '../../src/kernel/secretTokens';
import { oidcRoutes } from '../../src/accounts/oidcRoutes';
import { startTestApp, type TestApp, type TestClient, csrfIn } from '../support/app';
import { buildWorld, rowCounts, startDiscoveryServer, type World } from '../support/fuzzFixtures';
import { FUZZ_ROUTES, type Who } from '../support/postRoutes';
import { declaredRoutes } from '../support/routes';

// Cross-cutting security checks: CSRF on every POST route (from the same list the fuzzer uses),
// session fixation, the secret tokens in links, and limits on everything that sends email.
// Already covered elsewhere, not repeated here: the session cookie's flags and sign-out ending
// the session (login.test), a renewed calendar token replacing the old one (calendar-feed.test),
// a second evaluation answer with one link (evaluation.test).

let t: TestApp;
let w: World;
let discovery: { issuer: string; close: () => Promise<void> };

beforeAll(async () => {
  discovery = await startDiscoveryServer();
  t = await startTestApp(
    { OIDC_ISSUER: discovery.issuer, OIDC_CLIENT_ID: 'samling', OIDC_CLIENT_SECRET: 'security-secret' },
    { oidc: oidcRoutes },
  );
  w = await buildWorld(t.db);
}, 60_000);
afterAll(async () => {
  await t.close();
  await discovery.close();
});

async function clientFor(who: Who): Promise<TestClient> {
  if (who === 'admin') return t.client().signIn(w.admin);
  if (who === 'me') return t.client().signIn(w.leader);
  const client = t.client();
  await client.get('/login');
  return client;
}

const csrfOf = (res: Response) => csrfIn(res.text);
const sidOf = (client: TestClient) =>
  client.agent.jar.getCookie('samling.sid', { domain: '127.0.0.1', path: '/', secure: false, script: false })?.value;

describe('CSRF', () => {
  test("every POST route refuses a request without a token or with another session's token, and writes nothing", async () => {
    const clients: Partial<Record<Who, TestClient>> = {};
    const other = await t.client().signIn(w.admin);
    const foreignToken = csrfOf(await other.get('/me'));
    // Signed out, tokens are bound to the visitor's own cookie: another visitor's is refused too.
    const otherVisitorToken = csrfOf(await t.client().get('/login'));
    const failures: string[] = [];
    for (const route of FUZZ_ROUTES) {
      let client = clients[route.as];
      if (!client) {
        client = await clientFor(route.as);
        clients[route.as] = client;
      }
      const before = await rowCounts(t.db);
      const none = await client.agent.post(route.path(w)).type('form').send({});
      const foreign = await client.agent
        .post(route.path(w))
        .type('form')
        .send({ _csrf: route.as === 'anonymous' ? otherVisitorToken : foreignToken });
      const after = await rowCounts(t.db);
      if (none.status !== 403 || foreign.status !== 403)
        failures.push(`${route.route}: ${none.status}/${foreign.status}`);
      if (!none.text.includes('Skjemaet er utløpt')) failures.push(`${route.route}: not the CSRF page`);
      if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${route.route}: wrote rows`);
    }
    expect(failures).toEqual([]);
  }, 60_000);

  test('the token list covers every POST route in the sources', () => {
    expect(declaredRoutes('post').filter((route) => !FUZZ_ROUTES.some((r) => r.route === route))).toEqual([]);
  });
});

describe('sessions', () => {
  test('opening pages signed out stores no session (a visitor, a bot or a mail scanner writes nothing)', async () => {
    const before = Number((await t.db('sessions').count({ n: '*' }).first())?.n);
    const client = t.client();
    await client.get('/login');
    await client.get(`/rsvp/${w.rsvpToken}`);
    await client.get('/login');
    expect(sidOf(client)).toBeUndefined();
    expect(Number((await t.db('sessions').count({ n: '*' }).first())?.n)).toBe(before);
  });

  test('signing in gives a new session id; the session from before is no longer signed in', async () => {
    const client = await t.client().signIn(w.member2);
    const before = sidOf(client);
    expect(before).toBeDefined();
    const login = await client.agent.get(`/login/verify?token=${await issueLoginToken(t.db, w.member)}`);
    const res = await client.agent
      .post('/login/verify')
      .type('form')
      .send({ token: /name="token" value="([^"]+)"/.exec(login.text)?.[1], _csrf: csrfOf(login) });
    expect(res.status).toBe(303);
    const after = sidOf(client);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    // Someone who planted or kept the old cookie has no signed-in session.
    const attacker = t.client();
    attacker.agent.jar.setCookie(`samling.sid=${before}`, '127.0.0.1', '/');
    expect((await attacker.get('/me')).status).toBe(303);
    expect((await client.get('/me')).status).toBe(200);
  });

  test('after signing out, the old session cookie is dead on the server', async () => {
    const client = await t.client().signIn(w.member);
    const sid = sidOf(client) as string;
    const me = await client.get('/me');
    await client.agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(me) });
    const replay = t.client();
    replay.agent.jar.setCookie(`samling.sid=${sid}`, '127.0.0.1', '/');
    expect((await replay.get('/me')).status).toBe(303);
    const id = decodeURIComponent(sid).slice(2).split('.')[0];
    expect(await t.db('sessions').where({ sid: id }).first()).toBeUndefined();
  });
});

describe('secret tokens in links', () => {
  test('are long, random and URL-safe: sign-in 256 bits, answers, evaluations and calendar feeds 192 bits', async () => {
    const login = await Promise.all(Array.from({ length: 50 }, () => issueLoginToken(t.db, w.member)));
    const [invitation] = await t.db('invitations').where({ gathering_id: w.gFuture }).pluck('id');
    const rsvp = await issueRsvpTokens(
      t.db,
      Array.from({ length: 50 }, () => invitation as number),
    );
    const calendar = [await renewCalendarToken(t.db, w.member), await renewCalendarToken(t.db, w.member)];
    for (const [tokens, length] of [
      [login, 43],
      [rsvp, 32],
      [calendar, 32],
    ] as const) {
      for (const token of tokens) expect(token).toMatch(new RegExp(`^[A-Za-z0-9_-]{${length}}$`));
      expect(new Set(tokens).size).toBe(tokens.length);
    }
    // 50 × 43 characters of a uniform base64url alphabet use nearly all 64 symbols, and none dominates.
    const counts = new Map<string, number>();
    for (const char of login.join('')) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(60);
    expect(Math.max(...counts.values())).toBeLessThan(90);
    expect(newSecretToken(24)).toHaveLength(32);
  });

  test('only SHA-256 hashes are stored, never the token', async () => {
    const token = await issueLoginToken(t.db, w.member);
    const calendar = await renewCalendarToken(t.db, w.member);
    const columns = (await t
      .db('information_schema.columns')
      .where({ table_schema: 'public' })
      .whereILike('column_name', '%token%')
      .select('table_name', 'column_name', 'data_type')) as {
      table_name: string;
      column_name: string;
      data_type: string;
    }[];
    expect(columns.length).toBeGreaterThanOrEqual(5);
    for (const column of columns) {
      expect(column.column_name).toMatch(/_hash$/);
      expect(column.data_type).toBe('bytea');
      const lengths = await t
        .db(column.table_name)
        .whereNotNull(column.column_name)
        .distinct(t.db.raw(`octet_length(${column.column_name}) as n`));
      for (const row of lengths) expect(Number(row.n)).toBe(32);
    }
    expect(
      await t
        .db('login_tokens')
        .where({ token_hash: hashSecretToken(token) })
        .first(),
    ).toBeDefined();
    expect(
      await t
        .db('calendar_tokens')
        .where({ token_hash: hashSecretToken(calendar) })
        .first(),
    ).toBeDefined();
    // The plain token is nowhere in the database dump of these tables.
    const dump = JSON.stringify(
      await Promise.all(
        ['login_tokens', 'rsvp_tokens', 'evaluation_requests', 'calendar_tokens', 'outgoing_emails'].map((table) =>
          t.db(table).select(),
        ),
      ),
    );
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(calendar);
    expect(dump).not.toContain(w.rsvpToken);
  });

  test('a sign-in link lasts 15 minutes, works once, and a forged one is refused', async () => {
    const client = t.client();
    const login = await client.get('/login');
    const token = await issueLoginToken(t.db, w.member);
    const row = await t
      .db('login_tokens')
      .where({ token_hash: hashSecretToken(token) })
      .first('created_at', 'expires_at');
    expect(new Date(row!.expires_at).getTime() - new Date(row!.created_at).getTime()).toBeCloseTo(15 * 60 * 1000, -3);
    // Sixteen minutes ago.
    await t
      .db('login_tokens')
      .where({ token_hash: hashSecretToken(token) })
      .update({
        created_at: t.db.raw("now() - interval '16 minutes'"),
        expires_at: t.db.raw("now() - interval '1 minute'"),
      });
    expect((await client.get(`/login/verify?token=${token}`)).status).toBe(410);
    expect(
      (
        await client.agent
          .post('/login/verify')
          .type('form')
          .send({ token, _csrf: csrfOf(login) })
      ).status,
    ).toBe(410);

    const fresh = await issueLoginToken(t.db, w.member);
    expect(
      (
        await client.agent
          .post('/login/verify')
          .type('form')
          .send({ token: fresh, _csrf: csrfOf(login) })
      ).status,
    ).toBe(303);
    const again = t.client();
    const page = await again.get('/login');
    expect(
      (
        await again.agent
          .post('/login/verify')
          .type('form')
          .send({ token: fresh, _csrf: csrfOf(page) })
      ).status,
    ).toBe(410);
    expect(
      (
        await again.agent
          .post('/login/verify')
          .type('form')
          .send({ token: newSecretToken(32), _csrf: csrfOf(page) })
      ).status,
    ).toBe(410);
  });

  test('forged answer, evaluation and calendar links are not found', async () => {
    const client = t.client();
    for (const link of [
      `/rsvp/${newSecretToken(24)}`,
      `/evaluation/${newSecretToken(24)}`,
      `/avmelding/${newSecretToken(24)}`,
      `/pamelding/${newSecretToken(12)}`,
      `/calendar/${newSecretToken(24)}.ics`,
      `/calendar/${newSecretToken(24)}/networks/${w.N}.ics`,
    ]) {
      expect((await client.get(link)).status).toBe(404);
    }
  });
});

describe('rate limits on everything that sends email', () => {
  // Each route that queues email (directly, or as evaluation requests, stand-in invitations or
  // cancellations), how many posts it allows, and how a refusal looks.
  const flashTooMany = async (res: Response, client: TestClient) =>
    res.status === 303 && (await client.get(String(res.headers.location))).text.includes('For mange');
  // Over the per-address limit, sign-in answers as usual but queues no link (no lockout of the owner).
  let loginJobs = 0;
  const noLinkQueued = async (res: Response) => {
    const { rows } = await t.db.raw(
      "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'send_login_link'",
    );
    const queued = rows[0].n > loginJobs;
    loginJobs = rows[0].n;
    return res.status === 200 && !queued;
  };
  const EMAIL_ROUTES: {
    route: string;
    as: Who;
    path: (w: World) => string;
    limit: number;
    body?: () => Record<string, string>;
    limited?: (res: Response, client: TestClient) => Promise<boolean>;
  }[] = [
    {
      route: '/login',
      as: 'anonymous',
      path: () => '/login',
      limit: 5,
      body: () => ({ email: 'samme@kommune.example' }),
      limited: noLinkQueued,
    },
    { route: '/rsvp/:token/stand-in', as: 'anonymous', path: (w) => `/rsvp/${w.rsvpToken}/stand-in`, limit: 10 },
    { route: '/networks/:id/plan/send', as: 'admin', path: (w) => `/networks/${w.N}/plan/send`, limit: 20 },
    { route: '/networks/:id/mandates', as: 'admin', path: (w) => `/networks/${w.N}/mandates`, limit: 10 },
    {
      route: '/gatherings/:id/minutes/publish',
      as: 'admin',
      path: (w) => `/gatherings/${w.gPast}/minutes/publish`,
      limit: 20,
    },
    { route: '/gatherings/:id/stand-in', as: 'admin', path: (w) => `/gatherings/${w.gFuture}/stand-in`, limit: 30 },
    {
      route: '/gatherings/:id/stand-in/remove',
      as: 'admin',
      path: (w) => `/gatherings/${w.gFuture}/stand-in/remove`,
      limit: 30,
    },
    {
      route: '/rsvp/:token',
      as: 'anonymous',
      path: (w) => `/rsvp/${w.rsvpToken}`,
      limit: 20,
      body: () => ({ answer: 'maybe' }),
    },
    {
      route: '/me/invitations/:id/answer',
      as: 'me',
      path: (w) => `/me/invitations/${w.leaderInvitation}/answer`,
      limit: 20,
      body: () => ({ answer: 'maybe' }),
    },
    { route: '/gatherings/:id/attendance', as: 'admin', path: (w) => `/gatherings/${w.gPast}/attendance`, limit: 60 },
    { route: '/gatherings/:id/remove', as: 'admin', path: (w) => `/gatherings/${w.gRemove}/remove`, limit: 30 },
    { route: '/emails/:id/resend', as: 'admin', path: (w) => `/emails/${w.failedEmail}/resend`, limit: 60 },
    {
      route: '/networks/:id/emails/resend-failed',
      as: 'admin',
      path: (w) => `/networks/${w.N}/emails/resend-failed`,
      limit: 10,
    },
    {
      route: '/networks/:id/emails/retry-now',
      as: 'admin',
      path: (w) => `/networks/${w.N}/emails/retry-now`,
      limit: 10,
    },
    { route: '/emails/retry-now', as: 'admin', path: () => '/emails/retry-now', limit: 10 },
    { route: '/networks/:id/memberships', as: 'admin', path: (w) => `/networks/${w.N}/memberships`, limit: 100 },
    { route: '/participants/:id', as: 'admin', path: (w) => `/participants/${w.member}`, limit: 60 },
    {
      route: '/networks/:id/memberships/:memberId/end',
      as: 'admin',
      path: (w) => `/networks/${w.N}/memberships/${w.membership2}/end`,
      limit: 100,
    },
    {
      route: '/pamelding/:slug',
      as: 'anonymous',
      path: (w) => `/pamelding/${w.registrationSlug}`,
      limit: 20,
    },
    { route: '/avmelding/:token', as: 'anonymous', path: (w) => `/avmelding/${w.registrationToken}`, limit: 10 },
    {
      route: '/gatherings/:id/registration',
      as: 'admin',
      path: (w) => `/gatherings/${w.gFagdag}/registration`,
      limit: 30,
    },
    {
      route: '/gatherings/:id/registrations/attendance',
      as: 'admin',
      path: (w) => `/gatherings/${w.gFagdagPast}/registrations/attendance`,
      limit: 60,
    },
    // The leader's evaluation sends answer with a message on the results page rather than a 429 page.
    {
      route: '/gatherings/:id/evaluation/send',
      as: 'admin',
      path: (w) => `/gatherings/${w.gPast}/evaluation/send`,
      limit: 10,
      limited: flashTooMany,
    },
    {
      route: '/gatherings/:id/evaluation/remind',
      as: 'admin',
      path: (w) => `/gatherings/${w.gPast}/evaluation/remind`,
      limit: 10,
      limited: flashTooMany,
    },
  ];

  test('every route whose handler queues email is rate limited and checked here', () => {
    // Each route handler in the sources (the text from one `.post(` to the next route), and
    // whether it calls something that queues email; scheduled updates are debounced instead.
    const SENDS =
      /\b(enqueueEmails?|queueLoginLink|sendInvitations|sendCancellations|nameStandIn|queueEvaluationRequests|sendEvaluationReminder|resendFailed|resendAllFailed|retryQueuedNow|inviteNewMember|cancelForLeaver|uninvite|removeStandIn|answerInvitation|requestMandates|registerForFagdag|cancelRegistration|fillFromWaitingList|publishMinutes)\(/;
    const src = path.resolve(__dirname, '../../src');
    const sending: string[] = [];
    const unlimited: string[] = [];
    for (const file of readdirSync(src, { recursive: true }) as string[]) {
      if (!file.endsWith('.ts')) continue;
      const text = readFileSync(path.join(src, file), 'utf8');
      const handlers = text.split(/(?=\b(?:router|[A-Za-z]*Routes)\.(?:get|post)\()/).slice(1);
      for (const handler of handlers) {
        const match = /^[A-Za-z]+\.post\(\s*'([^']+)',\s*(perIp|actionLimit|leaderLimit)?/.exec(handler);
        if (!match || !SENDS.test(handler)) continue;
        sending.push(match[1] as string);
        if (!match[2]) unlimited.push(match[1] as string);
      }
    }
    expect(unlimited).toEqual([]);
    expect(sending.sort()).toEqual(EMAIL_ROUTES.map((r) => r.route).sort());
  });

  test.each(EMAIL_ROUTES.map((r) => [r.route, r] as const))(
    '%s is refused once over its limit',
    async (_name, route) => {
      const client = await clientFor(route.as);
      const token = csrfOf(await client.get(route.as === 'anonymous' ? '/login' : '/me'));
      let limitedAt: number | undefined;
      for (let i = 1; i <= route.limit + 2 && limitedAt === undefined; i++) {
        const res = await client.agent
          .post(route.path(w))
          .type('form')
          .send({ ...(route.body?.() ?? {}), _csrf: token });
        expect(res.status).toBeLessThan(500);
        const limited = route.limited ? await route.limited(res, client) : res.status === 429;
        if (limited) limitedAt = i;
      }
      expect(limitedAt).toBe(route.limit + 1);
    },
    60_000,
  );
});
