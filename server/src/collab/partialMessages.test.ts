import { describe, expect, it } from 'vitest';
import { FrameTracker, PartialMessageGuard, type PartialMessageVerdict } from './partialMessages.ts';

/** A client frame as RFC 6455 writes it (masked, with the mask left zero: the tracker never unmasks). */
function frame(opcode: number, payloadLength: number, fin: boolean, masked = true): Buffer {
  const len7 = payloadLength < 126 ? payloadLength : payloadLength < 65536 ? 126 : 127;
  const extended = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
  const header = Buffer.alloc(2 + extended + (masked ? 4 : 0));
  header[0] = (fin ? 0x80 : 0) | opcode;
  header[1] = (masked ? 0x80 : 0) | len7;
  if (len7 === 126) header.writeUInt16BE(payloadLength, 2);
  if (len7 === 127) header.writeBigUInt64BE(BigInt(payloadLength), 2);
  return Buffer.concat([header, Buffer.alloc(payloadLength, 7)]);
}

/** Feeds `bytes` in pieces of `size`, as a socket might deliver them. */
function feedIn(tracker: FrameTracker, bytes: Buffer, size: number): void {
  for (let i = 0; i < bytes.length; i += size) tracker.feed(bytes.subarray(i, i + size));
}

describe('FrameTracker (RELIABILITY A2, issue 10 finding 13)', () => {
  it('holds nothing once a whole message has arrived, whatever the chunking', () => {
    const message = Buffer.concat([frame(2, 10, true), frame(2, 300, true), frame(2, 70_000, true)]);
    for (const size of [1, 3, 7, 64, 1000, message.length]) {
      const tracker = new FrameTracker();
      feedIn(tracker, message, size);
      expect(tracker.heldBytes).toBe(0);
      expect(tracker.openSince).toBeNull();
    }
  });

  it('counts the payload of fragments (FIN=0) until the final continuation', () => {
    let now = 1000;
    const tracker = new FrameTracker(() => now);
    tracker.feed(frame(2, 100, false));
    expect(tracker.heldBytes).toBe(100);
    expect(tracker.openSince).toBe(1000);
    now = 2000;
    // A ping and a pong between fragments count for nothing and do not restart the clock.
    tracker.feed(Buffer.concat([frame(9, 4, true), frame(10, 4, true)]));
    tracker.feed(frame(0, 50, false));
    expect(tracker.heldBytes).toBe(150);
    expect(tracker.openSince).toBe(1000);
    tracker.feed(frame(0, 25, true));
    expect(tracker.heldBytes).toBe(0);
    expect(tracker.openSince).toBeNull();
  });

  it('counts a single frame whose payload is still arriving', () => {
    const tracker = new FrameTracker();
    const big = frame(2, 1_000_000, true);
    tracker.feed(big.subarray(0, 500_000));
    expect(tracker.heldBytes).toBe(500_000 - 14);
    expect(tracker.openSince).not.toBeNull();
    tracker.feed(big.subarray(500_000));
    expect(tracker.heldBytes).toBe(0);
  });

  it('reads 16-bit and 64-bit lengths and empty frames', () => {
    const tracker = new FrameTracker();
    tracker.feed(Buffer.concat([frame(2, 0, false), frame(0, 200, false), frame(0, 70_000, false)]));
    expect(tracker.heldBytes).toBe(70_200);
    tracker.feed(frame(0, 0, true));
    expect(tracker.heldBytes).toBe(0);
  });
});

describe('PartialMessageGuard', () => {
  function socketOf(userId: string) {
    const closed: PartialMessageVerdict[] = [];
    return { userId, closed, close: (verdict: PartialMessageVerdict) => closed.push(verdict) };
  }

  it('closes a socket whose message stays incomplete past the bound, and releases its bytes', async () => {
    const guard = new PartialMessageGuard({ maxMs: 100, maxBytesPerUser: 1e9, maxBytesPerProcess: 1e9 });
    try {
      const slow = socketOf('u1');
      const honest = socketOf('u1');
      const feedSlow = guard.watch(slow);
      const feedHonest = guard.watch(honest);
      feedSlow(frame(2, 1000, false));
      expect(guard.heldBytes('u1')).toBe(1000);
      expect(guard.openCount()).toBe(1);
      for (let i = 0; i < 10; i++) feedHonest(frame(2, 100, true));
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(slow.closed).toEqual(['tooSlow']);
      expect(honest.closed).toEqual([]);
      expect(guard.heldBytes()).toBe(0);
      // What it sends while closing is not counted again.
      feedSlow(frame(0, 5000, false));
      expect(guard.heldBytes()).toBe(0);
      guard.forget(slow);
    } finally {
      guard.stop();
    }
  });

  it('caps the incomplete bytes of one person and of the process', () => {
    const guard = new PartialMessageGuard({ maxMs: 60_000, maxBytesPerUser: 2500, maxBytesPerProcess: 4500 });
    try {
      const a = [socketOf('a'), socketOf('a'), socketOf('a')];
      const feeds = a.map((s) => guard.watch(s));
      feeds[0]!(frame(2, 1000, false));
      feeds[1]!(frame(2, 1000, false));
      expect(guard.heldBytes('a')).toBe(2000);
      feeds[2]!(frame(2, 1000, false));
      expect(a.map((s) => s.closed)).toEqual([[], [], ['tooManyBytes']]);
      expect(guard.heldBytes('a')).toBe(2000);
      // Another person is not held back by a's sockets, until the process total is reached.
      const b = socketOf('b');
      const feedB = guard.watch(b);
      feedB(frame(2, 2000, false));
      expect(b.closed).toEqual([]);
      feedB(frame(0, 1000, false));
      expect(b.closed).toEqual(['tooManyBytes']);
      // A socket that goes away releases what it held.
      guard.forget(a[0]!);
      expect(guard.heldBytes('a')).toBe(1000);
      expect(guard.heldBytes()).toBe(1000);
    } finally {
      guard.stop();
    }
  });
});
