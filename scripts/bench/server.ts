import { readFileSync } from 'node:fs';
import express from 'express';
import Handlebars from 'handlebars';
import pino from 'pino';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/kernel/config';
import { createDb } from '../../src/db/knex';

// The app under measurement, in a process of its own (so the load generator does not share its
// event loop and its RSS is the app's): createApp, plus a baseline route that only the benchmark
// mounts: a bare Express handler with one indexed query and a tiny Handlebars template.
// Talks to the parent over IPC: sends { port } when listening; answers 'rss' with the peak RSS and
// how much of the RSS is mapped from disk, and 'cpu' with the process's CPU time so far (user +
// system, microseconds).

const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('BENCH_DATABASE_URL is required');
const db = createDb(url, 10);
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DEMO_DATA: 'false', BASE_URL: 'http://127.0.0.1' });
const { app, close } = createApp({
  config,
  db,
  databaseUrl: url,
  logger: pino({ level: 'silent' }),
  sessionSecret: 'bench-session-secret-that-is-long-enough-0123456789',
});

const baselineTemplate = Handlebars.compile(
  '<!doctype html><title>{{name}}</title><h1>{{name}}</h1><p>{{sectorId}}</p>',
);
const outer = express();
outer.get('/bench/baseline/:id', async (req, res) => {
  const row = (await db('networks').where('id', Number(req.params.id)).first('id', 'name', 'sector_id as sectorId')) as
    | { name: string; sectorId: number }
    | undefined;
  res.type('html').send(baselineTemplate(row ?? { name: '', sectorId: 0 }));
});
outer.use(app);

// process.memoryUsage.rss() reads the RSS alone (memoryUsage() also walks the heap's spaces).
let peakRss = process.memoryUsage.rss();
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 50);

/**
 * The part of the RSS that is pages of files mapped from disk (the node binary, its ICU data and
 * libraries), which the kernel shares and can drop; the rest is the process's own memory. Linux only.
 */
function rssFile(): number | null {
  const match = /^RssFile:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) * 1024 : null;
}

const server = outer.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as { port: number }).port });
});
process.on('message', (message) => {
  if (message === 'rss')
    process.send?.({ memory: { peakRss: Math.max(peakRss, process.memoryUsage.rss()), mappedFromDisk: rssFile() } });
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
  }
  if (message === 'stop') {
    clearInterval(sampler);
    server.closeAllConnections();
    server.close(
      () =>
        void close()
          .then(() => db.destroy())
          .then(() => process.exit(0)),
    );
  }
});
