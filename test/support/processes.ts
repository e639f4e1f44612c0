import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { startCommand } from '../../scripts/startCommand';

const ROOT = path.resolve(__dirname, '../..');

export interface Child {
  process: ChildProcess;
  /** Everything the process wrote, for a failure message. */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** SIGKILL: no clean-up, no signal handler, as a crash or an OOM kill. */
  kill: () => Promise<void>;
  /** SIGTERM, then SIGKILL after a few seconds. */
  stop: () => Promise<void>;
}

/** Runs a TypeScript entry point (src/server.ts, scripts/worker.ts) as its own OS process, through tsx. */
export function runTs(script: string, env: Record<string, string>): Child {
  // node --import tsx rather than the tsx CLI: the CLI runs the script in a child process, so a
  // SIGKILL to it would leave the real process running.
  return runNode(['--import', 'tsx', path.join(ROOT, script)], env);
}

/**
 * Runs the app exactly as `npm start` does once `npm run build` has compiled it (buildApp): the
 * Node flags and the entry point in dist/ are read from package.json's start script.
 */
export function runStart(env: Record<string, string>): Child {
  const { nodeFlags, entry } = startCommand();
  return runNode([...nodeFlags, entry], env);
}

/** `npm run build`: compiles the app into dist/ (what `npm start` does before it starts). */
export function buildApp(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'pipe' });
}

function runNode(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // The test's whole environment is inherited, so a clock moved with faketime (LD_PRELOAD,
    // FAKETIME) moves for the app and worker processes too (scripts/test-clock.ts).
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20000)));
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20000)));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    process: child,
    output: () => output,
    exited,
    async kill() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls until the condition holds; fails after `timeoutMs` with `what`. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean> | boolean,
  timeoutMs = 20000,
  everyMs = 50,
): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Waits until an app process answers /healthz. */
export async function waitForHttp(baseUrl: string, child: Child, timeoutMs = 60000): Promise<void> {
  await waitFor(
    `${baseUrl}/healthz (output: ${child.output()})`,
    async () => {
      if (child.process.exitCode !== null) throw new Error(`process exited early: ${child.output()}`);
      try {
        return (await fetch(`${baseUrl}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    timeoutMs,
    200,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
