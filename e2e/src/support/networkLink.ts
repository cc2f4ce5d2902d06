import net from 'node:net';

/**
 * A TCP forwarder between one browser context and the server: its own port
 * (so its own origin) that can be cut and restored like a network link.
 *
 * Why: Chromium's offline emulation (`context.setOffline(true)`) blocks new
 * requests but leaves open WebSockets connected (microsoft/playwright#4910),
 * which is not what a dropped network does. Cutting the link resets every
 * connection of that context and refuses new ones, as a lost network would;
 * `setOffline` still tells the page (navigator.onLine, the offline event).
 */
export type NetworkLink = {
  port: number;
  /** http://127.0.0.1:<link port>: the origin the context browses. */
  origin: string;
  /** Drops every open connection and refuses new ones. */
  cut(): void;
  /**
   * Holds every byte in both directions without closing anything, as a network that drops
   * without a word does to an open TCP connection (the page is not told: no offline event);
   * new connections hang. `restore()` delivers what was held at once, as TCP does.
   */
  stall(): void;
  restore(): void;
  close(): Promise<void>;
};

export async function openNetworkLink(targetPort: number): Promise<NetworkLink> {
  const sockets = new Set<net.Socket>();
  /** Each connection's two ends, to stop and start the bytes between them. */
  const pairs = new Set<[net.Socket, net.Socket]>();
  let up = true;
  let stalled = false;
  const join = ([client, upstream]: [net.Socket, net.Socket]) => {
    client.pipe(upstream);
    upstream.pipe(client);
  };
  const hold = ([client, upstream]: [net.Socket, net.Socket]) => {
    client.unpipe(upstream);
    upstream.unpipe(client);
    client.pause();
    upstream.pause();
  };
  const server = net.createServer((client) => {
    if (!up) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => pairs.delete(pair));
    if (stalled) hold(pair);
    else join(pair);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    cut() {
      up = false;
      for (const socket of sockets) socket.resetAndDestroy();
    },
    stall() {
      stalled = true;
      for (const pair of pairs) hold(pair);
    },
    restore() {
      up = true;
      if (stalled) {
        stalled = false;
        for (const pair of pairs) join(pair);
      }
    },
    async close() {
      up = false;
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
