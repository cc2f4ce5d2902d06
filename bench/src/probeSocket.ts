import WebSocket from 'ws';

/**
 * Opens one plain socket the way a WebsocketProvider would and reports how
 * the server answered, so a refused upgrade fails the scenario in seconds
 * with its HTTP status instead of as a y-websocket retry loop (close 1006).
 */
export function probeSocket(
  url: string,
  headers: Record<string, string>,
  localAddress: string | undefined,
  timeoutMs = 5000,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers, localAddress });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`socket ${url}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      reject(new Error(`socket ${url}: upgrade refused with HTTP ${response.statusCode}`));
      socket.terminate();
    });
    socket.on('open', () => {
      // A server may accept and then close at once (auth after upgrade): wait a moment for that.
      setTimeout(() => {
        clearTimeout(timer);
        if (socket.readyState === WebSocket.OPEN) {
          socket.close(1000);
          resolve();
        }
      }, 200);
    });
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      reject(new Error(`socket ${url}: closed by the server with ${code} ${reason.toString()}`));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`socket ${url}: ${error.message}`));
    });
  });
}
