import type { TestUser } from '../../test/factories.ts';

/** A reader of `GET /api/notifications/stream` as a browser's EventSource would open it. */
export type StreamReader = {
  /** The `{unread}` payloads received so far, in order. */
  counts: number[];
  status: number;
  close(): void;
};

export async function openNotificationStream(origin: string, user: TestUser): Promise<StreamReader> {
  const abort = new AbortController();
  const response = await fetch(`${origin}/api/notifications/stream`, {
    headers: { cookie: user.cookie, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const counts: number[] = [];
  const reader: StreamReader = { counts, status: response.status, close: () => abort.abort() };
  if (!response.body) return reader;
  const decoder = new TextDecoder();
  let buffered = '';
  (async () => {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let end = buffered.indexOf('\n\n');
      while (end >= 0) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('');
        if (block.includes('event: notifications') && data)
          counts.push((JSON.parse(data) as { unread: number }).unread);
        end = buffered.indexOf('\n\n');
      }
    }
  })().catch(() => {});
  return reader;
}
