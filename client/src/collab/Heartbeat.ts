/**
 * Notices a socket that has gone quiet without closing (a dropped network
 * leaves a TCP connection open for tens of seconds). After some silence it
 * asks the server for a reply (the caller sends queryAwareness, answered at
 * once: C-AW-7); if nothing at all arrives within `answerWithinMs` of asking,
 * the socket is declared quiet. Worst case from the last message heard:
 * probeAfterSilenceMs + answerWithinMs + two ticks.
 *
 * Silence alone never counts: a tab whose timers were throttled (hidden, asleep)
 * first asks, then waits for an answer, so a late tick cannot raise a false alarm.
 */
export type HeartbeatOptions = {
  /** How often silence is checked. */
  tickMs: number;
  /** Silence after which the server is asked for a reply. */
  probeAfterSilenceMs: number;
  /** How long a reply may take before the socket counts as quiet. */
  answerWithinMs: number;
  now?: () => number;
};

export type HeartbeatHooks = {
  /** Sends one message the server always answers. */
  sendProbe: () => void;
  /** Nothing came back in time: the caller closes the socket. Called once per start(). */
  onQuiet: () => void;
};

export class Heartbeat {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastHeardAt = 0;
  private probeSentAt: number | null = null;
  private readonly now: () => number;

  constructor(
    private readonly hooks: HeartbeatHooks,
    private readonly options: HeartbeatOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  /** A socket opened: watch it. */
  start(): void {
    this.stop();
    this.lastHeardAt = this.now();
    this.probeSentAt = null;
    this.timer = setInterval(this.tick, this.options.tickMs);
  }

  /** Anything arrived on the socket. */
  heard(): void {
    this.lastHeardAt = this.now();
    this.probeSentAt = null;
  }

  /** The socket closed: nothing to watch. */
  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.probeSentAt = null;
  }

  private readonly tick = () => {
    const now = this.now();
    if (this.probeSentAt !== null) {
      if (now - this.probeSentAt >= this.options.answerWithinMs) {
        this.stop();
        this.hooks.onQuiet();
      }
      return;
    }
    if (now - this.lastHeardAt >= this.options.probeAfterSilenceMs) {
      this.probeSentAt = now;
      this.hooks.sendProbe();
    }
  };
}
