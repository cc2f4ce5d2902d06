import type { UnreadStoreDeps } from './unreadStore.ts';

/** A stand-in EventSource for unit tests: the test opens, fails and pushes by hand. */
export class FakeStream {
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private listeners: ((event: MessageEvent) => void)[] = [];
  addEventListener(type: string, listener: (event: MessageEvent) => void) {
    if (type === 'notifications') this.listeners.push(listener);
  }
  push(unread: number) {
    for (const listener of this.listeners)
      listener(new MessageEvent('notifications', { data: JSON.stringify({ unread }) }));
  }
  open() {
    this.onopen?.(new Event('open'));
  }
  fail() {
    this.onerror?.(new Event('error'));
  }
  close() {
    this.closed = true;
  }
}

/** Deps for createUnreadStore whose stream is a FakeStream and whose poll answers `polled()`. */
export function fakeDeps(polled: () => number, pollMs = 1000) {
  const streams: FakeStream[] = [];
  const poll = { calls: 0 };
  const deps: UnreadStoreDeps = {
    openStream: () => {
      const stream = new FakeStream();
      streams.push(stream);
      return stream;
    },
    poll: async () => {
      poll.calls += 1;
      return polled();
    },
    pollMs,
  };
  return { deps, streams, poll };
}
