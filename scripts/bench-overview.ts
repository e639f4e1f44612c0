import pino from 'pino';
import request from 'supertest';
import { issueLoginToken } from '../src/accounts/loginTokens';
import { createApp } from '../src/app';
import { loadConfig } from '../src/kernel/config';
import { currentYearInOslo } from '../src/kernel/dates';
import { generateDataSet, LARGE, startBenchDatabase } from './bench/data';

// `npm run bench:overview`: the KORUS overview over 500 networks with 10 years of gatherings
// (the data set of `npm run bench`, scripts/bench/data.ts), request by request with the number of
// queries each, against a baseline in the same process: /healthz, one trivial query and no template;
// computed afresh (cold) and from the cache (warm).
const REQUESTS = 40;
const NETWORKS = LARGE.networks;

async function main(): Promise<void> {
  const { db, url, stop } = await startBenchDatabase();
  const year = currentYearInOslo();
  let t0 = performance.now();
  const { admin, counts } = await generateDataSet(db, LARGE);
  console.log(
    `data set: ${NETWORKS} networks, ${NETWORKS * LARGE.perNetwork} participants`,
    counts,
    `built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false' });
  const { app, close } = createApp({
    config,
    db,
    databaseUrl: url,
    logger: pino({ level: 'silent' }),
    sessionSecret: 'bench-session-secret-that-is-long-enough-0123456789',
  });
  const server = app.listen(0, '127.0.0.1');
  const agent = request.agent(server);
  const token = await issueLoginToken(db, admin);
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await agent.get(`/login/verify?token=${token}`)).text)?.[1];
  await agent.post('/login/verify').type('form').send({ token, _csrf: csrf });

  let queries = 0;
  db.on('query', () => (queries += 1));
  // Cold: the data changed just before each request (a write through the app's knex empties the
  // cache, as any saved form does), so the overview is computed from the database every time.
  // Warm: the same request again, answered from the cache until the next change.
  const changeSomething = () => db.raw('update regions set name = name where id = 1');
  const measure = async (label: string, path: string, cold = false) => {
    const times: number[] = [];
    let status = 0;
    let requestQueries = 0;
    for (let i = 0; i < REQUESTS + 3; i++) {
      if (cold) await changeSomething();
      const before = queries;
      t0 = performance.now();
      status = (await agent.get(path)).status;
      if (i >= 3) times.push(performance.now() - t0);
      requestQueries += queries - before;
    }
    times.sort((a, b) => a - b);
    const result = {
      label,
      status,
      p50Ms: round(times[Math.floor(times.length / 2)]),
      p95Ms: round(times[Math.floor(times.length * 0.95)]),
      queriesPerRequest: round(requestQueries / (REQUESTS + 3)),
    };
    console.log(
      `${label.padEnd(42)} ${status}  p50 ${result.p50Ms} ms  p95 ${result.p95Ms} ms  ${result.queriesPerRequest} queries/request`,
    );
    return result;
  };
  const baseline = await measure('baseline (/healthz)', '/healthz');
  const overview = await measure(`overview, ${NETWORKS} networks, ${year}, cold`, `/overview?year=${year}`, true);
  const overviewWarm = await measure(`overview, ${NETWORKS} networks, ${year}, warm`, `/overview?year=${year}`);
  const regionOnly = await measure('overview, one region (25 networks), cold', `/overview?year=${year}&region=1`, true);
  const network = await measure('network figures (3 years), cold', `/networks/1/figures?year=${year}`, true);
  const csv = await measure(`overview CSV, ${NETWORKS} networks, cold`, `/overview.csv?year=${year}`, true);
  console.log(
    `overview p50 / baseline p50: ${(overview.p50Ms / baseline.p50Ms).toFixed(1)}; target: overview p95 well under 500 ms`,
  );
  console.log(JSON.stringify({ baseline, overview, overviewWarm, regionOnly, network, csv }));

  server.close();
  await close();
  await stop();
}

const round = (n: number | undefined) => Math.round((n ?? 0) * 10) / 10;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
