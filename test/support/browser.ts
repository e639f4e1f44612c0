import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts');

/**
 * Debian's Chromium, headless and kept off the network. Locally a missing browser skips the
 * browser tests with a hint; in CI (CI=true) it fails the run.
 */
export function browserAvailable(): boolean {
  const decision = browserDecision(existsSync(CHROMIUM), process.env.CI);
  if (decision.action === 'fail') throw new Error(decision.message);
  if (decision.action === 'skip') process.stderr.write(`${decision.message}\n`);
  return decision.action === 'run';
}

/** Run with the browser; without it skip locally with one line saying how to install it, and fail in CI. */
export function browserDecision(
  exists: boolean,
  ci: string | undefined,
): { action: 'run' | 'skip' | 'fail'; message: string } {
  if (exists) return { action: 'run', message: '' };
  if (ci === 'true')
    return {
      action: 'fail',
      message: `Chromium not found at ${CHROMIUM}: .ci/run must install it (apt-get install -y chromium)`,
    };
  return {
    action: 'skip',
    message: `Browser tests skipped: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`,
  };
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const artifact = (name: string) => path.join(ARTIFACTS_DIR, name);
