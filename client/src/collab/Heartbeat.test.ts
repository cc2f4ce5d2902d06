import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HEARTBEAT_ANSWER_WITHIN_MS, HEARTBEAT_PROBE_AFTER_SILENCE_MS, HEARTBEAT_TICK_MS } from '../config.ts';
import { Heartbeat } from './Heartbeat.ts';

const OPTIONS = {
  tickMs: HEARTBEAT_TICK_MS,
  probeAfterSilenceMs: HEARTBEAT_PROBE_AFTER_SILENCE_MS,
  answerWithinMs: HEARTBEAT_ANSWER_WITHIN_MS,
};

describe('Heartbeat', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function started() {
    const sendProbe = vi.fn();
    const onQuiet = vi.fn();
    const heartbeat = new Heartbeat({ sendProbe, onQuiet }, OPTIONS);
    heartbeat.start();
    return { heartbeat, sendProbe, onQuiet };
  }

  it('I11-5: a socket that goes silent is declared quiet within 5 s of the last message heard', () => {
    const { heartbeat, sendProbe, onQuiet } = started();
    vi.advanceTimersByTime(1_000);
    heartbeat.heard(); // the last sign of life
    vi.advanceTimersByTime(HEARTBEAT_PROBE_AFTER_SILENCE_MS + HEARTBEAT_TICK_MS);
    expect(sendProbe).toHaveBeenCalledTimes(1);
    expect(onQuiet).not.toHaveBeenCalled();
    vi.advanceTimersByTime(5_000 - HEARTBEAT_PROBE_AFTER_SILENCE_MS - HEARTBEAT_TICK_MS);
    expect(onQuiet).toHaveBeenCalledTimes(1);
    expect(heartbeat.running).toBe(false);
    vi.advanceTimersByTime(60_000);
    expect(onQuiet).toHaveBeenCalledTimes(1);
    expect(sendProbe).toHaveBeenCalledTimes(1);
  });

  it('I11-5: an answered probe keeps the socket trusted, and a busy socket is never probed', () => {
    const { heartbeat, sendProbe, onQuiet } = started();
    for (let i = 0; i < 100; i++) {
      vi.advanceTimersByTime(1_000);
      heartbeat.heard();
    }
    expect(sendProbe).not.toHaveBeenCalled();
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(HEARTBEAT_PROBE_AFTER_SILENCE_MS + HEARTBEAT_TICK_MS);
      heartbeat.heard(); // the server's answer
    }
    expect(sendProbe).toHaveBeenCalledTimes(20);
    expect(onQuiet).not.toHaveBeenCalled();
  });

  it('I11-5: a late tick (a throttled or sleeping tab) asks first instead of raising a false alarm', () => {
    const sendProbe = vi.fn();
    const onQuiet = vi.fn();
    let now = 0;
    const heartbeat = new Heartbeat({ sendProbe, onQuiet }, { ...OPTIONS, now: () => now });
    heartbeat.start();
    now = 120_000; // the timer did not run for two minutes
    vi.advanceTimersByTime(HEARTBEAT_TICK_MS);
    expect(onQuiet).not.toHaveBeenCalled();
    expect(sendProbe).toHaveBeenCalledTimes(1);
    heartbeat.heard();
    now += HEARTBEAT_ANSWER_WITHIN_MS * 2;
    vi.advanceTimersByTime(HEARTBEAT_TICK_MS);
    expect(onQuiet).not.toHaveBeenCalled();
  });

  it('stops watching when the socket closes', () => {
    const { heartbeat, sendProbe, onQuiet } = started();
    heartbeat.stop();
    vi.advanceTimersByTime(60_000);
    expect(sendProbe).not.toHaveBeenCalled();
    expect(onQuiet).not.toHaveBeenCalled();
  });
});
