import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { createDb } from '../../src/db/knex';
import { startTestApp, type TestApp } from '../support/app';
import { makeKorusAdmin } from '../support/factories';

let t: TestApp;
let adminId: number;
const asAdmin = () => t.client().signIn(adminId);
beforeAll(async () => {
  t = await startTestApp();
  adminId = await makeKorusAdmin(t.db, null);
});
afterAll(() => t.close());

test('GET /healthz reports the app and the database', async () => {
  const res = await request(t.app).get('/healthz');
  expect(res.status).toBe(200);
  expect(res.body).toEqual({ status: 'ok', app: 'ok', database: 'ok' });
});

test('GET /healthz answers 503 when the database cannot be reached', async () => {
  const db = createDb('postgres://nobody:nothing@127.0.0.1:1/none');
  const { app, close } = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    db,
    databaseUrl: 'postgres://nobody:nothing@127.0.0.1:1/none',
    logger: pino({ level: 'silent' }),
    sessionSecret: 'x'.repeat(40),
  });
  const res = await request(app).get('/healthz');
  expect(res.status).toBe(503);
  expect(res.body.database).toBe('unavailable');
  await close();
  await db.destroy();
});

test('an unexpected failure shows the 500 page with the request id that is in the log', async () => {
  await t.db.schema.renameTable('regions', 'regions_moved');
  try {
    const res = await (await asAdmin()).get('/regions');
    expect(res.status).toBe(500);
    expect(res.text).toContain('Noe gikk galt hos oss');
    const requestId = res.headers['x-request-id'] as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.text).toContain(`Feilkode: ${requestId}`);
    expect(res.text).not.toContain('regions_moved');
  } finally {
    await t.db.schema.renameTable('regions_moved', 'regions');
  }
});

test('the nynorsk choice is remembered across pages', async () => {
  const client = await asAdmin();
  const switched = await client.post('/language', { lang: 'nn', returnTo: '/units' });
  expect(switched.status).toBe(303);
  expect(switched.headers.location).toBe('/units');
  const page = await client.get('/participants');
  expect(page.text).toContain('<html lang="nn"');
  expect(page.text).toContain('Deltakarar');
  expect(page.text).toContain('Hopp til hovudinnhaldet');
});

test('the language switch never redirects off the site', async () => {
  const res = await (await asAdmin()).post('/language', { lang: 'nb', returnTo: '//evil.example/' });
  expect(res.headers.location).toBe('/');
});

test('pages carry a strict Content-Security-Policy and the design system is served locally', async () => {
  const page = await request(t.app).get('/login');
  expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  expect(page.text).toContain('/static/designsystemet/src/index.css');
  const css = await request(t.app).get('/static/designsystemet/src/index.css');
  expect(css.status).toBe(200);
  expect(css.text).toContain('.ds-button');
});

test('every page has one h1, a main landmark and labelled form fields', async () => {
  const client = await asAdmin();
  for (const path of [
    '/regions',
    '/regions/new',
    '/units',
    '/units/new',
    '/participants',
    '/participants/new',
    '/sectors/new',
    '/networks/new',
  ]) {
    const html = (await client.get(path)).text;
    expect({ path, h1: html.match(/<h1[\s>]/g)?.length }).toEqual({ path, h1: 1 });
    expect(html).toContain('<main id="main"');
    expect({ path, errorSummary: html.includes('ds-error-summary') }).toEqual({ path, errorSummary: false });
    const ids = [...html.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids)
      expect({ path, id, labelled: html.includes(`for="${id}"`) }).toEqual({ path, id, labelled: true });
  }
});

test('request logs carry the path but never a query string with a sign-in token', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const db = createDb(t.url);
  const { app, close } = createApp({
    config: loadConfig({ NODE_ENV: 'test' }),
    db,
    databaseUrl: t.url,
    logger,
    sessionSecret: 'x'.repeat(40),
  });
  await request(app).get('/login/verify?token=AAAAsecretTOKENvalueAAAAAAAAAAAAAAAAAAAAAAA');
  await close();
  await db.destroy();
  const log = lines.join('\n');
  expect(log).toContain('/login/verify');
  expect(log).not.toContain('secretTOKEN');
  expect(log).not.toMatch(/samling\.sid=|set-cookie/i);
});
