import type { Page } from 'playwright-core';
import { fullSyncRequestMessage, isSyncStep2 } from './yjsMessages.ts';

export type RawExchange = {
  /** Whether the server accepted the upgrade. */
  opened: boolean;
  /** Every binary message the server sent, in order. */
  received: Uint8Array[];
  /** The server's last SyncStep2: its whole document after our messages were handled. */
  lastAnswer: Uint8Array | null;
  /** The close code if the server closed the socket, else null. */
  closeCode: number | null;
};

/**
 * From inside `page` (its origin and its session cookie), opens a raw
 * WebSocket to `/collab/<entryId>` — not the app's provider — sends
 * `messages` in order once it is open, then asks for the whole document
 * (SyncStep1) and, when answered, asks once more: the second answer comes
 * after everything sent before it was handled (the server may answer the
 * first request before it applied an update of the same connection that is
 * still queued). Resolves on that answer, on a close, or after `timeoutMs`.
 */
export async function exchangeOnRawSocket(
  page: Page,
  entryId: string,
  messages: number[][],
  timeoutMs = 10_000,
): Promise<RawExchange> {
  const syncRequest = fullSyncRequestMessage();
  const result = await page.evaluate(
    ({ entryId, messages, syncRequest, timeoutMs }) =>
      new Promise<{ opened: boolean; received: number[][]; closeCode: number | null }>((resolve) => {
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        const socket = new WebSocket(`${scheme}://${location.host}/collab/${encodeURIComponent(entryId)}`);
        socket.binaryType = 'arraybuffer';
        const received: number[][] = [];
        let opened = false;
        let done = false;
        const finish = (closeCode: number | null) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          if (socket.readyState === WebSocket.OPEN) socket.close(1000);
          resolve({ opened, received, closeCode });
        };
        const timer = setTimeout(() => finish(null), timeoutMs);
        let answers = 0;
        socket.onopen = () => {
          opened = true;
          for (const message of messages) socket.send(new Uint8Array(message));
          socket.send(new Uint8Array(syncRequest));
        };
        socket.onmessage = (event) => {
          if (!(event.data instanceof ArrayBuffer)) return;
          const bytes = new Uint8Array(event.data);
          received.push(Array.from(bytes));
          // [0 = sync, 1 = SyncStep2]: both fit in one varUint byte.
          if (bytes[0] !== 0 || bytes[1] !== 1) return;
          answers += 1;
          if (answers === 1) socket.send(new Uint8Array(syncRequest));
          else finish(null);
        };
        socket.onclose = (event) => finish(event.code);
      }),
    { entryId, messages, syncRequest, timeoutMs },
  );
  const received = result.received.map((bytes) => Uint8Array.from(bytes));
  const answers = received.filter(isSyncStep2);
  return { ...result, received, lastAnswer: answers.length === 2 ? answers[1]! : null };
}
