import type { SyncMessageKind } from './connectionState.ts';
import { syncMessageKind } from './syncMessageKind.ts';

/** A WebSocket class to hand to y-websocket, reporting each sync message it sends. */
export type AckingWebSocketClass = typeof WebSocket;

/**
 * Builds the `WebSocketPolyfill` for y-websocket: a real browser WebSocket that
 * reports every SyncStep2/Update it actually sends, so the page can compare
 * with the server's `saved` acknowledgements (counted per connection), and
 * every message it receives (the heartbeat's sign of life). The socket
 * reports itself so a late report from an old socket can be ignored.
 */
export function createAckingWebSocketClass(
  onSent: (socket: WebSocket, kind: SyncMessageKind) => void,
  Base: typeof WebSocket = WebSocket,
  onReceived?: (socket: WebSocket) => void,
): AckingWebSocketClass {
  return class AckingWebSocket extends Base {
    constructor(...args: ConstructorParameters<typeof WebSocket>) {
      super(...args);
      if (onReceived) this.addEventListener('message', () => onReceived(this));
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      // Count only what the browser accepted: send() throws while CONNECTING.
      super.send(data as Parameters<WebSocket['send']>[0]);
      const kind = syncMessageKind(data);
      if (kind !== null) onSent(this, kind);
    }
  };
}
