import net from 'node:net';
import { EICAR } from '../inspection/testing/hostileFiles.ts';

/**
 * A stand-in for clamd speaking the INSTREAM exchange (zINSTREAM\0, length-prefixed chunks, a
 * zero-length chunk, one reply), so the upload pipeline's scanning runs over a real socket where
 * no ClamAV is installed. It reports the EICAR test file as ClamAV does and counts the scans.
 */
export async function startFakeClamd(): Promise<{ url: string; scans(): number; close(): Promise<void> }> {
  let scans = 0;
  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let commandRead = false;
    const received: Buffer[] = [];
    socket.on('error', () => {});
    socket.on('data', (data) => {
      buffered = Buffer.concat([buffered, data]);
      if (!commandRead) {
        const end = buffered.indexOf(0);
        if (end < 0) return;
        commandRead = true;
        buffered = buffered.subarray(end + 1);
      }
      while (buffered.length >= 4) {
        const length = buffered.readUInt32BE(0);
        if (length === 0) {
          scans++;
          const infected = Buffer.concat(received).includes(EICAR);
          socket.end(infected ? 'stream: Win.Test.EICAR_HDB-1 FOUND\0' : 'stream: OK\0');
          return;
        }
        if (buffered.length < 4 + length) return;
        received.push(buffered.subarray(4, 4 + length));
        buffered = buffered.subarray(4 + length);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `tcp://127.0.0.1:${port}`,
    scans: () => scans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
