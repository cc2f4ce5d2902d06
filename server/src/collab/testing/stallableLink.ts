import net from 'node:net';

/**
 * A TCP forwarder to the test server that can stall: while stalled it holds
 * every byte in both directions without closing anything, as a dropped network
 * does to an open TCP connection; `resume()` delivers what it held at once, as
 * TCP does when the network returns (the burst of issue 11 item 6).
 */
export type StallableLink = {
  /** http://127.0.0.1:<link port>: the origin a page reaching the server through the link has. */
  origin: string;
  /** ws://127.0.0.1:<link port>/collab, for openProvider's `wsUrl`. */
  wsUrl: string;
  stall(): void;
  resume(): void;
  close(): Promise<void>;
};

export async function openStallableLink(targetPort: number): Promise<StallableLink> {
  let stalled = false;
  const held: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const forward = (from: net.Socket, to: net.Socket) => {
    from.on('data', (chunk) => {
      if (stalled) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
    }
    forward(client, upstream);
    forward(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/collab`,
    stall() {
      stalled = true;
    },
    resume() {
      stalled = false;
      for (const deliver of held.splice(0)) deliver();
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
