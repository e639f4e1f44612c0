// Runs the test suite with every process's clock moved to a day where date code breaks: a Monday,
// both daylight-saving Sundays (just after the switch), New Year's Eve late in the evening UTC
// (already New Year's Day in Oslo) and a leap day. A test that takes "today" in UTC instead of in
// Oslo, or that only holds on some weekdays, fails here.
//
// libfaketime's relative form (`faketime -f +SECONDS`) moves every process's clock by the same
// amount, so Node, the embedded PostgreSQL and Chromium agree on the time. (Its absolute form
// restarts each process's clock at the given moment, so processes started later disagree.)
// Child processes inherit the moved clock through LD_PRELOAD and FAKETIME in their environment.
//
// The five runs leave out the suites that walk every route for permissions, forged input and
// layout, and the suites that kill, stop, restart, back up or upgrade processes around a gathering
// on a fixed date (CLOCK_FREE below): more than half the suite's time, and nothing they check
// depends on the day. They run in `npm test` as always.
//
// Usage: npm run test:clock [-- NAME…]   (NAME: monday, dst-spring, dst-autumn, new-year, leap-day)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DateTime } from 'luxon';

const ZONE = 'Europe/Oslo';
const FAKETIME = '/usr/bin/faketime';

/**
 * Suites whose outcome does not depend on the date: every route's permissions, fuzzed input,
 * headers and page layout, and the process faults (their gatherings are on fixed dates next year).
 */
const CLOCK_FREE = [
  'test/integration/authorization.test.ts',
  'test/integration/fuzz.test.ts',
  'test/integration/security.test.ts',
  'test/e2e/phone.e2e.test.ts',
  'test/e2e/pages.e2e.test.ts',
  'test/integration/worker-crash.test.ts',
  'test/integration/scale-out.test.ts',
  'test/integration/shutdown.test.ts',
  'test/integration/database-restart.test.ts',
  'test/integration/backup.test.ts',
  'test/integration/upgrades.test.ts',
];

interface ClockTarget {
  name: string;
  what: string;
  at: DateTime;
}

/** The last Sunday of a month, at the given UTC time. */
function lastSundayUtc(year: number, month: number, hour: number, minute: number): DateTime {
  const last = DateTime.utc(year, month, 1, hour, minute)
    .endOf('month')
    .set({ hour, minute, second: 0, millisecond: 0 });
  return last.minus({ days: last.weekday % 7 });
}

/** The first moment from `make(year)` on that lies after `now`, trying this year and the next ones. */
function next(now: DateTime, make: (year: number) => DateTime | undefined): DateTime {
  for (let year = now.year; ; year++) {
    const at = make(year);
    if (at && at > now) return at;
  }
}

export function clockTargets(now: DateTime): ClockTarget[] {
  const oslo = now.setZone(ZONE);
  const monday = oslo
    .startOf('day')
    .plus({ days: 8 - oslo.weekday })
    .set({ hour: 9 });
  return [
    { name: 'monday', what: 'a Monday morning in Oslo', at: monday.toUTC() },
    {
      name: 'dst-spring',
      what: 'last Sunday of March, 03:30 in Oslo (just after the clocks went forward)',
      at: next(now, (year) => lastSundayUtc(year, 3, 1, 30)),
    },
    {
      name: 'dst-autumn',
      what: 'last Sunday of October, 02:30 in Oslo (the second time that hour comes)',
      at: next(now, (year) => lastSundayUtc(year, 10, 1, 30)),
    },
    {
      name: 'new-year',
      what: "31 December 23:30 UTC (00:30 on New Year's Day in Oslo)",
      at: next(now, (year) => DateTime.utc(year, 12, 31, 23, 30)),
    },
    {
      name: 'leap-day',
      what: '28 February 23:30 UTC of a leap year (00:30 on 29 February in Oslo)',
      at: next(now, (year) => (DateTime.utc(year, 2, 29).isValid ? DateTime.utc(year, 2, 28, 23, 30) : undefined)),
    },
  ];
}

function main(): void {
  if (!existsSync(FAKETIME)) {
    console.error(`${FAKETIME} not found: install Debian's faketime (apt-get install -y faketime).`);
    process.exit(1);
  }
  const wanted = process.argv.slice(2);
  const targets = clockTargets(DateTime.utc()).filter((target) => wanted.length === 0 || wanted.includes(target.name));
  if (targets.length === 0) {
    console.error(`No such clock: ${wanted.join(', ')}`);
    process.exit(1);
  }
  const results: string[] = [];
  let failed = 0;
  for (const target of targets) {
    const seconds = Math.round(target.at.diff(DateTime.utc(), 'seconds').seconds);
    console.log(`\n=== ${target.name}: ${target.what} — ${target.at.toISO()} (faketime -f +${seconds}s)`);
    const started = Date.now();
    const run = spawnSync(
      FAKETIME,
      ['-f', `+${seconds}s`, 'jest', '--ci', '--testPathIgnorePatterns', ...CLOCK_FREE.map((file) => `/${file}$`)],
      { stdio: 'inherit' },
    );
    const ok = run.status === 0;
    if (!ok) failed++;
    results.push(
      `${ok ? 'ok    ' : 'FAILED'} ${target.name.padEnd(10)} ${target.at.toISO()}  ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }
  console.log(`\nThe suite on moved clocks:\n${results.join('\n')}`);
  process.exit(failed === 0 ? 0 : 1);
}

if (require.main === module) main();
