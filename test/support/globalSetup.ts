import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from './processes';

// Runs once per test run: a real PostgreSQL (embedded, or TEST_DATABASE_URL's server) with a
// migrated template database; each test file clones it (test/support/db.ts).
export const TEMPLATE_DATABASE = 'samling_test_template';

export default async function globalSetup(): Promise<void> {
  // Migrations are TypeScript files that knex require()s outside Jest's transform.
  require('tsx/cjs/api').register();
  const { startEmbeddedPostgres } = require('../../src/db/embedded') as typeof import('../../src/db/embedded');
  const { createDb } = require('../../src/db/knex') as typeof import('../../src/db/knex');
  const { migrateToLatest } = require('../../src/db/migrate') as typeof import('../../src/db/migrate');

  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'samling-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    // A run stopped midway (Ctrl-C) leaves no PostgreSQL behind.
    server.stopWithProcess();
    (globalThis as Record<string, unknown>).__SAMLING_EMBEDDED__ = { server, dataDir };
    adminUrl = server.url('postgres');
  }
  process.env.SAMLING_TEST_ADMIN_URL = adminUrl;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();

  const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
  const db = createDb(templateUrl, 2);
  await migrateToLatest(db, templateUrl);
  await db.destroy();
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
