import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeDeps } from './fakeStream.ts';
import { createUnreadStore } from './unreadStore.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('unread store', () => {
  it('takes the count from the stream and polls only while the stream is down', async () => {
    vi.useFakeTimers();
    let server = 2;
    const { deps, streams, poll } = fakeDeps(() => server, 1000);
    const store = createUnreadStore(deps);
    const seen: (number | null)[] = [];
    const off = store.subscribe((n) => seen.push(n));
    expect(streams).toHaveLength(1);
    streams[0]!.open();
    streams[0]!.push(1);
    expect(store.current()).toBe(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(poll.calls).toBe(0);

    // Down: polled at once and every interval, until the stream opens again.
    streams[0]!.fail();
    await vi.advanceTimersByTimeAsync(0);
    expect(store.current()).toBe(2);
    server = 4;
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.current()).toBe(4);
    const calls = poll.calls;
    streams[0]!.open();
    await vi.advanceTimersByTimeAsync(5000);
    expect(poll.calls).toBe(calls);
    expect(seen).toEqual([1, 2, 4]);

    off();
    expect(streams[0]!.closed).toBe(true);
  });

  it('ignores malformed messages and shares one stream between subscribers', () => {
    const { deps, streams } = fakeDeps(() => 0);
    const store = createUnreadStore(deps);
    const offA = store.subscribe(() => {});
    const offB = store.subscribe(() => {});
    expect(streams).toHaveLength(1);
    streams[0]!.push(3);
    (streams[0] as unknown as { listeners: ((e: MessageEvent) => void)[] }).listeners[0]!(
      new MessageEvent('notifications', { data: 'not json' }),
    );
    expect(store.current()).toBe(3);
    offA();
    expect(streams[0]!.closed).toBe(false);
    offB();
    expect(streams[0]!.closed).toBe(true);
  });
});
