import { startEmbeddedPostgres } from '../../src/db/embedded';

// An embedded PostgreSQL run by a process of its own (its binaries' package is an ES module Jest
// cannot load): prints "ready" once it accepts connections and stays until SIGTERM, which stops
// PostgreSQL (a fast shutdown, cutting open transactions) and exits. Used by
// test/integration/database-restart.test.ts.
async function main(): Promise<void> {
  const dataDir = process.env.PG_DATA_DIR as string;
  const port = Number(process.env.PG_PORT);
  const server = await startEmbeddedPostgres({ dataDir, port });
  await server.createDatabase('samling');
  console.log('ready');
  // PostgreSQL runs in a session of its own (pg_ctl), so nothing else keeps this process alive.
  const alive = setInterval(() => undefined, 60_000);
  process.on('SIGTERM', () => {
    clearInterval(alive);
    void server.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
