import pino from 'pino';
import request from 'supertest';
import { issueLoginToken } from '../../src/accounts/loginTokens';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import type { Db } from '../../src/db/knex';
import { createTestDatabase } from './db';

export interface TestApp {
  app: ReturnType<typeof createApp>['app'];
  db: Db;
  /** The test database's connection string (for a worker of its own). */
  url: string;
  /** A browser-like client: keeps cookies, fetches a CSRF token from a page before posting. */
  client: () => TestClient;
  close: () => Promise<void>;
}

export type TestClient = ReturnType<typeof makeClient>;

/** The real app on a database of its own, for one test file. */
export async function startTestApp(
  env: Record<string, string> = {},
  extra: {
    oidc?: (db: Db, config: ReturnType<typeof loadConfig>) => Promise<import('express').Router | undefined>;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env });
  const { app, close } = createApp({
    config,
    db: database.db,
    databaseUrl: database.url,
    logger: pino({ level: 'silent' }),
    sessionSecret: 'test-session-secret-that-is-long-enough-0123456789',
    oidc: extra.oidc ? await extra.oidc(database.db, config) : undefined,
  });
  return {
    app,
    db: database.db,
    url: database.url,
    client: () => makeClient(app, database.db),
    close: async () => {
      await close();
      await database.drop();
    },
  };
}

export function makeClient(app: TestApp['app'], db: Db) {
  const agent = request.agent(app);
  return {
    agent,
    get: (path: string) => agent.get(path),
    /** Signs in through the real sign-in link flow, with a token issued straight into the database. */
    async signIn(participantId: number) {
      const token = await issueLoginToken(db, participantId);
      const confirm = await agent.get(`/login/verify?token=${token}`);
      const csrf = csrfIn(confirm.text);
      const res = await agent.post('/login/verify').type('form').send({ token, _csrf: csrf });
      if (res.status !== 303) throw new Error(`sign-in failed with ${res.status}`);
      return this;
    },
    /** Posts a form the way a browser does after loading `from` (default: the same path's page). */
    async post(path: string, fields: Record<string, string | string[]>, from = '/me') {
      const token = await csrfTokenFrom(agent, from);
      return agent
        .post(path)
        .type('form')
        .send({ ...fields, _csrf: token });
    },
  };
}

async function csrfTokenFrom(agent: request.Agent, path: string): Promise<string> {
  const page = await agent.get(path);
  const token = csrfIn(page.text);
  if (!token) throw new Error(`no CSRF token on ${path} (status ${page.status})`);
  return token;
}

/** The CSRF token a page's forms carry ('' when it has none). */
export const csrfIn = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** The text of the validation message shown at a field, or undefined. */
export function fieldError(html: string, field: string): string | undefined {
  const match = new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html);
  return match?.[1];
}

/** The value an input was rendered with (to check that input is kept after an error). */
export function inputValue(html: string, field: string): string | undefined {
  const match = new RegExp(`id="field-${field}" name="${field}" type="[a-z]+" value="([^"]*)"`).exec(html);
  return match?.[1];
}
