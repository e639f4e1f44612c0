import { fork, type ChildProcess } from 'node:child_process';
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
  XL,
  type DataSetSize,
} from './bench/data';
import { measureFanout } from './bench-fanout';
import { startCommand } from './startCommand';

// `npm run bench`: the main pages on three data sets: SMALL (5 networks, 2 years), LARGE (20
// regions, 500 networks, 20,000 participants, 10 years of gatherings with agendas, invitations,
// attendance and evaluations) and XL (2,000 networks, the same per network), each page measured
// with autocannon against a baseline route in the same app process (a bare Express handler: one
// indexed query, a tiny Handlebars template). Pages and baseline run one after the other, never at
// once, in turns of short slices; for each page the app process's CPU time over its slices is
// divided by the requests answered (µs/request), which leaves out the load generator's share of
// the cores, and its p50 and p99 are those of every response of its slices. Then the invitation fan-out
// (scripts/bench-fanout.ts). The last line is one JSON object with every ratio the targets name.
// BENCH_SECONDS sets each run's length; BENCH_SETS=small,large picks data sets;
// BENCH_PAGES=network,baseline measures only those; BENCH_PROFILE=dir writes the app's CPU profile
// (node --cpu-prof) there; BENCH_FANOUT=0 leaves the fan-out out.

const CONNECTIONS = 32;
// The app runs as `npm start` runs it: compiled into dist/ (`npm run bench` builds first), with
// the Node flags of package.json's start script.
const APP_NODE_FLAGS = startCommand().nodeFlags;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
/** Into how many slices each page's measured time is cut (see measureSet). */
const SLICES = 5;
const SETS: { name: string; size: DataSetSize; seconds: number }[] = [
  { name: 'small', size: SMALL, seconds: Math.max(3, Math.round(SECONDS / 2)) },
  { name: 'large', size: LARGE, seconds: SECONDS },
  { name: 'xl', size: XL, seconds: SECONDS },
].filter((set) => (process.env.BENCH_SETS?.split(',') ?? ['small', 'large', 'xl']).includes(set.name));

interface Run {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** The app process's CPU time (user + system) over the run, per request answered. */
  cpuUsPerRequest: number;
  /** Bytes per response, headers included. */
  bytes: number;
  non2xx: number;
  errors: number;
}

/** The app (and baseline) in a child process, with NODE_ENV=production as the Dockerfile runs it (Express caches view lookups only then); resolves with the port it listens on. */
function startApp(url: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(path.join(__dirname, '../dist/scripts/bench/server.js'), {
    execArgv: [
      ...APP_NODE_FLAGS,
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

/** One page's load, summed over its slices. */
interface Tally {
  requests: number;
  seconds: number;
  cpuMicros: number;
  bytes: number;
  non2xx: number;
  errors: number;
  /** Every response's latency in ms, from every slice. */
  latencies: number[];
}

const emptyTally = (): Tally => ({
  requests: 0,
  seconds: 0,
  cpuMicros: 0,
  bytes: 0,
  non2xx: 0,
  errors: 0,
  latencies: [],
});

/** One slice of load on a page; adds what it measured to the page's tally. */
async function slice(child: ChildProcess, url: string, cookie: string, seconds: number, tally: Tally): Promise<void> {
  const cpuBefore = await ask<number>(child, 'cpu', 'cpuMicros');
  const r = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { cookie } }).on(
    'response',
    (_client, _status, _bytes, ms) => tally.latencies.push(ms),
  );
  const cpuAfter = await ask<number>(child, 'cpu', 'cpuMicros');
  tally.requests += r.requests.total;
  tally.seconds += r.duration;
  tally.cpuMicros += cpuAfter - cpuBefore;
  tally.bytes += r.throughput.total;
  tally.non2xx += r.non2xx;
  tally.errors += r.errors + r.timeouts;
}

function percentile(sorted: number[], p: number): number {
  return Math.round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0);
}

function runOf(tally: Tally): Run {
  const sorted = tally.latencies.sort((a, b) => a - b);
  const requests = Math.max(1, tally.requests);
  return {
    reqPerSec: Math.round(tally.requests / Math.max(0.001, tally.seconds)),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    cpuUsPerRequest: Math.round(tally.cpuMicros / requests),
    bytes: Math.round(tally.bytes / requests),
    non2xx: tally.non2xx,
    errors: tally.errors,
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
    floor: '/login',
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
  const cookieFor = (name: string) => (name === 'floor' ? anonymous : cookie);
  // Every page answers 200 before it is measured.
  for (const [name, p] of Object.entries(paths)) {
    const res = await fetch(base + p, { headers: { cookie: cookieFor(name) } });
    if (res.status !== 200) throw new Error(`${name} ${p} answered ${res.status}`);
    await res.arrayBuffer();
  }
  const only = process.env.BENCH_PAGES?.split(',');
  const measured = Object.entries(paths).filter(([name]) => !only || only.includes(name));
  // The whole app is warmed up before any page is measured (JIT, heap, pools): warmed up page by
  // page, whichever page came first paid for warming what all pages share, about 50 µs per
  // request more than the same page measured third (README, Performance).
  for (const [name, p] of measured)
    await autocannon({
      url: base + p,
      connections: CONNECTIONS,
      duration: WARM_UP_SECONDS,
      headers: { cookie: cookieFor(name) },
    });
  // Each page's measured time is cut into SLICES slices, and the pages take turns, each round
  // starting one page further on: a slow moment of the machine then falls on every page alike,
  // not on whichever page was measured then.
  const pages = measured.map(([name, route]) => ({ name, route, tally: emptyTally() }));
  for (let round = 0; round < SLICES; round++)
    for (let i = 0; i < pages.length; i++) {
      const page = pages[(i + round) % pages.length] as (typeof pages)[number];
      await slice(child, base + page.route, cookieFor(page.name), seconds / SLICES, page.tally);
    }
  const runs: Record<string, Run> = {};
  for (const { name, route: p, tally } of pages) {
    runs[name] = runOf(tally);
    const r = runs[name];
    console.log(
      `  ${name.padEnd(14)} ${String(r.reqPerSec).padStart(6)} req/s  p50 ${String(r.p50Ms).padStart(4)} ms  p99 ${String(r.p99Ms).padStart(4)} ms  ${String(r.cpuUsPerRequest).padStart(6)} µs CPU/req  ${String(Math.round(r.bytes / 1024)).padStart(4)} KB  non-2xx ${r.non2xx}  errors ${r.errors}  ${p.replace(/calendar\/[^/]+/, 'calendar/<token>')}`,
    );
  }
  const memory = await ask<{ peakRss: number; mappedFromDisk: number | null }>(child, 'rss', 'memory');
  child.send('stop');
  await new Promise((r) => child.once('exit', r));
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return {
    runs,
    peakRssMb: mb(memory.peakRss),
    mappedFromDiskMb: memory.mappedFromDisk === null ? null : mb(memory.mappedFromDisk),
  };
}

const two = (n: number) => Math.round(n * 100) / 100;

/** The ratios the targets name (README, "Performance"), by throughput and by the app's CPU per request. */
function ratiosOf(runs: Record<string, Run>) {
  const pairs = {
    floorToBaseline: ['floor', 'baseline'],
    networkToFloor: ['network', 'floor'],
    gatheringToFloor: ['gathering', 'floor'],
    regionOverviewToFloor: ['regionOverview', 'floor'],
    overviewToFloor: ['overview', 'floor'],
    icsFeedToBaseline: ['icsFeed', 'baseline'],
  } as const;
  const byThroughput: Record<string, number> = {};
  const byCpu: Record<string, number> = {};
  for (const [name, [page, against]] of Object.entries(pairs)) {
    const a = runs[page];
    const b = runs[against];
    if (!a || !b) continue;
    byThroughput[name] = two(a.reqPerSec / b.reqPerSec);
    byCpu[name] = two(b.cpuUsPerRequest / Math.max(1, a.cpuUsPerRequest));
  }
  return { byThroughput, byCpu };
}

async function main(): Promise<void> {
  const server = await startBenchDatabase(`bench_${SETS[0]?.name ?? 'small'}`);
  const results: Record<string, Awaited<ReturnType<typeof measureSet>>> = {};
  for (const [i, set] of SETS.entries()) {
    const database = i === 0 ? server : await server.another(`bench_${set.name}`);
    results[set.name] = await measureSet(set.name.toUpperCase(), database.db, database.url, set.size, set.seconds);
    if (i > 0) await database.stop();
  }
  await server.stop();
  const fanout = process.env.BENCH_FANOUT === '0' ? undefined : await measureFanout();

  const summary = Object.fromEntries(
    Object.entries(results).map(([name, { runs, peakRssMb, mappedFromDiskMb }]) => [
      name,
      {
        ...ratiosOf(runs),
        cpuUsPerRequest: Object.fromEntries(Object.entries(runs).map(([page, r]) => [page, r.cpuUsPerRequest])),
        reqPerSec: Object.fromEntries(Object.entries(runs).map(([page, r]) => [page, r.reqPerSec])),
        p99Ms: Object.fromEntries(Object.entries(runs).map(([page, r]) => [page, r.p99Ms])),
        peakRssMb,
        mappedFromDiskMb,
      },
    ]),
  );
  for (const [name, s] of Object.entries(summary)) {
    console.log(`\n${name.toUpperCase()} ratios by req/s:`, s.byThroughput);
    console.log(`${name.toUpperCase()} ratios by the app's CPU per request:`, s.byCpu);
    console.log(
      `${name.toUpperCase()} peak RSS of the app process: ${s.peakRssMb} MB (at the end, ${s.mappedFromDiskMb ?? '?'} MB of the RSS were pages mapped from disk: the node binary and libraries)`,
    );
  }
  if (fanout) console.log(`\ninvitation fan-out ÷ bare nodemailer pool: ${fanout.ratio}`);

  const failures = Object.entries(results).flatMap(([set, { runs }]) =>
    Object.entries(runs)
      .filter(([, r]) => r.non2xx > 0 || r.errors > 0)
      .map(([page]) => `${set} ${page}`),
  );
  if (failures.length > 0) console.log('NON-2XX OR ERRORS:', failures.join(', '));
  console.log(JSON.stringify({ ...summary, fanout }));
  if (failures.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
