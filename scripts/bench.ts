import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { renewCalendarToken } from '../src/calendar/feeds';
import type { Db } from '../src/db/knex';
import { currentYearInOslo } from '../src/kernel/dates';
import {
  anonymousCookie,
  generateDataSet,
  LARGE,
  SMALL,
  sessionCookie,
  startBenchDatabase,
  type DataSetSize,
} from './bench/data';

// `npm run bench`: the main pages on a large data set (20 regions, 500 networks, 20,000
// participants, 10 years of gatherings with agendas, invitations, attendance and evaluations) and
// a small one (5 networks, 2 years), each page measured with autocannon against a baseline route
// in the same app process (a bare Express handler: one indexed query, a tiny Handlebars template).
// Pages and baseline run one after the other, never at once. BENCH_SECONDS sets each run's length;
// BENCH_PROFILE=dir writes the app's CPU profile (node --cpu-prof) there; BENCH_SMALL_ONLY stops after the small set;
// BENCH_PAGES=network,baseline measures only those (for profiling one page).

const CONNECTIONS = 32;
// The app runs with the Node flags `npm start` gives it (the heap limit), as in production.
const APP_NODE_FLAGS = (
  JSON.parse(readFileSync(path.join(__dirname, '../package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(' ')
  .filter((arg) => arg.startsWith('--max-'));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SMALL_SECONDS = Number(process.env.BENCH_SMALL_SECONDS ?? Math.max(3, Math.round(SECONDS / 2)));

interface Run {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  ratioToBaseline?: number;
}

/** The app (and baseline) in a child process, with NODE_ENV=production as the Dockerfile runs it (Express caches compiled views only then); resolves with the port it listens on. */
function startApp(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, 'bench', 'server.ts'), {
    execArgv: [
      ...APP_NODE_FLAGS,
      '--import',
      'tsx',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
    ],
    env: { ...process.env, BENCH_DATABASE_URL: url, NODE_ENV: 'production' },
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
    child.on('message', (m: { port?: number }) => m.port && resolve({ child, port: m.port }));
  });
}

const ask = <T>(child: ChildProcess, message: string, key: string) =>
  new Promise<T>((resolve) => {
    const on = (m: Record<string, unknown>) => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.send(message);
  });

async function load(base: string, urlPath: string, cookie: string, seconds: number): Promise<Run> {
  // A short warm-up (JIT, pool, caches), then the measured run.
  await autocannon({ url: base + urlPath, connections: 4, duration: 1, headers: { cookie } });
  const r = await autocannon({ url: base + urlPath, connections: CONNECTIONS, duration: seconds, headers: { cookie } });
  return {
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  };
}

async function pagesOf(db: Db, admin: number, size: DataSetSize) {
  const year = currentYearInOslo();
  // A network in the middle of the set, and its gathering nearest to today (this year's).
  const networkId = Math.ceil(size.networks / 2);
  const gathering = (await db('gatherings as g')
    .join('gathering_networks as gn', 'gn.gathering_id', 'g.id')
    .where('gn.network_id', networkId)
    .orderByRaw('abs(extract(epoch from g.starts_at - now()))')
    .first('g.id')) as { id: number };
  const token = await renewCalendarToken(db, admin);
  const region = (await db('networks as n')
    .join('sectors as s', 's.id', 'n.sector_id')
    .where('n.id', networkId)
    .first('s.region_id as id')) as { id: number };
  return {
    network: `/networks/${networkId}`,
    // The national overview (every network: 100 times as many on LARGE as on SMALL) and one region's.
    overview: `/overview?year=${year}`,
    regionOverview: `/overview?year=${year}&region=${region.id}`,
    gathering: `/gatherings/${gathering.id}/edit`,
    icsFeed: `/calendar/${token}/networks/${networkId}.ics`,
    // A signed-out visitor's sign-in page: no query at all, but the whole middleware stack and
    // the page layout: what any page costs before its own work (the baseline has neither).
    signInPage: '/login',
    baseline: `/bench/baseline/${networkId}`,
  };
}

async function measureSet(label: string, db: Db, url: string, size: DataSetSize, seconds: number) {
  const t0 = performance.now();
  const { admin, counts } = await generateDataSet(db, size);
  console.log(
    `\n${label} data set: ${size.networks} networks × ${size.years} years`,
    counts,
    `built in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const paths = await pagesOf(db, admin, size);
  const { child, port } = await startApp(url);
  const base = `http://127.0.0.1:${port}`;
  const cookie = await sessionCookie(db, base, admin);
  const anonymous = await anonymousCookie(base);
  const cookieFor = (name: string) => (name === 'signInPage' ? anonymous : cookie);
  // Every page answers 200 before it is measured.
  for (const [name, p] of Object.entries(paths)) {
    const res = await fetch(base + p, { headers: { cookie: cookieFor(name) } });
    if (res.status !== 200) throw new Error(`${name} ${p} answered ${res.status}`);
    await res.arrayBuffer();
  }
  const runs: Record<string, Run> = {};
  const only = process.env.BENCH_PAGES?.split(',');
  for (const [name, p] of Object.entries(paths)) {
    if (only && !only.includes(name)) continue;
    runs[name] = await load(base, p, cookieFor(name), seconds);
    const r = runs[name];
    console.log(
      `  ${name.padEnd(14)} ${String(r.reqPerSec).padStart(6)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(4)} ms  non-2xx ${r.non2xx}  errors ${r.errors}  ${p.replace(/calendar\/[^/]+/, 'calendar/<token>')}`,
    );
  }
  const peakRss = await ask<number>(child, 'rss', 'peakRss');
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  const { baseline, ...pages } = runs;
  if (baseline)
    for (const run of Object.values(pages))
      run.ratioToBaseline = Math.round((run.reqPerSec / baseline.reqPerSec) * 100) / 100;
  return { baseline: baseline!, pages, peakRssMb: Math.round(peakRss / 1024 / 1024) };
}

async function main(): Promise<void> {
  const large = await startBenchDatabase('bench_large');
  const small = await large.another('bench_small');
  const smallResult = await measureSet('SMALL', small.db, small.url, SMALL, SMALL_SECONDS);
  if (process.env.BENCH_SMALL_ONLY) {
    await small.stop();
    await large.stop();
    return;
  }
  const largeResult = await measureSet('LARGE', large.db, large.url, LARGE, SECONDS);

  console.log(`\nLARGE, ratio of each page's req/s to the baseline's (${largeResult.baseline.reqPerSec} req/s):`);
  for (const [name, r] of Object.entries(largeResult.pages)) console.log(`  ${name.padEnd(14)} ${r.ratioToBaseline}`);
  const smallLargeP50Ratios = Object.fromEntries(
    Object.entries(largeResult.pages).map(([name, r]) => [
      name,
      Math.round((r.p50Ms / Math.max(1, smallResult.pages[name]!.p50Ms)) * 100) / 100,
    ]),
  );
  console.log('large p50 / small p50 (p50 under 1 ms counted as 1 ms):', smallLargeP50Ratios);
  console.log(`peak RSS of the app process: large ${largeResult.peakRssMb} MB, small ${smallResult.peakRssMb} MB`);
  const failures = [
    ...Object.entries(largeResult.pages),
    ...Object.entries(smallResult.pages),
    ['baseline', largeResult.baseline] as const,
  ].filter(([, r]) => r.non2xx > 0 || r.errors > 0);
  if (failures.length > 0) console.log('NON-2XX OR ERRORS:', failures.map(([n]) => n).join(', '));

  await small.stop();
  await large.stop();
  const round = ({ reqPerSec, p50Ms, p99Ms, ratioToBaseline, non2xx }: Run) => ({
    reqPerSec,
    p50Ms,
    p99Ms,
    ratioToBaseline,
    non2xx,
  });
  console.log(
    JSON.stringify({
      pages: Object.fromEntries(Object.entries(largeResult.pages).map(([name, r]) => [name, round(r)])),
      baseline: round({ ...largeResult.baseline, ratioToBaseline: 1 }),
      peakRssMb: largeResult.peakRssMb,
      smallLargeP50Ratios,
      small: {
        pages: Object.fromEntries(Object.entries(smallResult.pages).map(([name, r]) => [name, round(r)])),
        baseline: round({ ...smallResult.baseline, ratioToBaseline: 1 }),
        peakRssMb: smallResult.peakRssMb,
      },
    }),
  );
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
