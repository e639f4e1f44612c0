import type { Config } from '../kernel/config';
import { startEmbeddedPostgres } from './embedded';
import { createDb, type Db } from './knex';

export interface DatabaseConnection {
  db: Db;
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
}

const EMBEDDED_DATABASE = 'samling';

/**
 * DATABASE_URL's server when set; otherwise the embedded PostgreSQL under EMBEDDED_PG_DIR (with
 * `attach`, the one the app runs, if it runs: the command-line tools beside a running app).
 */
export async function connectDatabase(
  config: Config,
  log: (message: string) => void,
  options: { attach?: boolean } = {},
): Promise<DatabaseConnection> {
  if (config.DATABASE_URL) {
    const db = createDb(config.DATABASE_URL);
    return { db, url: config.DATABASE_URL, embedded: false, close: () => db.destroy() };
  }
  log(`Embedded PostgreSQL in ${config.EMBEDDED_PG_DIR} (port ${config.EMBEDDED_PG_PORT})`);
  const server = await startEmbeddedPostgres({
    dataDir: config.EMBEDDED_PG_DIR,
    port: config.EMBEDDED_PG_PORT,
    attach: options.attach,
  });
  await server.createDatabase(EMBEDDED_DATABASE);
  const url = server.url(EMBEDDED_DATABASE);
  const db = createDb(url);
  return {
    db,
    url,
    embedded: true,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}
