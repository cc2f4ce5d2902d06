import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { applyRequestDeadlines } from './http/requestDeadlines.ts';
import type { ServiceOptions } from './serviceOptions.ts';
import { createServices, type Services } from './services.ts';

export type RunningServer = {
  port: number;
  origin: string;
  services: Services;
  httpServer: Server;
  close(): Promise<void>;
};

/** Builds the services, the HTTP app and the collaboration socket, and listens. */
export async function startServer(
  config: Config,
  options: Omit<ServiceOptions, 'logger'> = {},
): Promise<RunningServer> {
  const services = await createServices(config, options);
  const app = createApp(services);
  const httpServer = createAdaptorServer({ fetch: app.fetch }) as Server;
  httpServer.on('upgrade', (req, socket, head) => services.collab.handleUpgrade(req, socket, head));
  // Slow-loris protection: a request's headers must arrive within 10 s.
  httpServer.headersTimeout = 10_000;
  // Whole requests within 30 s, but evidence uploads may take 15 min on a slow link (if bytes keep coming).
  applyRequestDeadlines(httpServer, { requestMs: 30_000, uploadMs: 15 * 60_000, uploadIdleMs: 60_000 });
  httpServer.maxHeadersCount = 200;

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  // Digest links need this server's origin when PUBLIC_URL is unset (as mailLinkOrigin.ts does).
  services.notifications.startDigests(() => config.publicUrl ?? `http://localhost:${port}`);

  let closing: Promise<void> | null = null;
  async function close() {
    closing ??= (async () => {
      // Stop accepting, let the socket store and acknowledge what is queued (1012), then drop the rest.
      const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await services.close();
      httpServer.closeAllConnections();
      await stopped;
    })();
    return closing;
  }

  return { port, origin: `http://127.0.0.1:${port}`, services, httpServer, close };
}
