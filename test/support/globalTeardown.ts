import { rmSync } from 'node:fs';
import type { EmbeddedServer } from '../../src/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as Record<string, unknown>).__SAMLING_EMBEDDED__ as
    | { server: EmbeddedServer; dataDir: string }
    | undefined;
  if (!embedded) return;
  await embedded.server.stop();
  rmSync(embedded.dataDir, { recursive: true, force: true });
}
