import type { AddressInfo } from 'node:net';
import type { TestApp } from './app';

/** Serves a test app on a loopback port, for a browser. */
export async function listen(t: TestApp, port = 0): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server = t.app.listen(port, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port: bound } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
