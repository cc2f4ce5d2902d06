/**
 * Counts sockets (open and still in the handshake) per key, with a cap
 * (C-AUTH-6, RELIABILITY A9). Keys with no sockets are deleted, so a flood of
 * refused handshakes leaves nothing behind (RELIABILITY A3).
 */
export class ConnectionLimits {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Takes a slot for `key`, or returns false when it already has `max`. */
  tryAcquire(key: string): boolean {
    const count = this.counts.get(key) ?? 0;
    if (count >= this.max) return false;
    this.counts.set(key, count + 1);
    return true;
  }

  release(key: string): void {
    const count = this.counts.get(key) ?? 0;
    if (count <= 1) this.counts.delete(key);
    else this.counts.set(key, count - 1);
  }

  count(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  /** Keys currently holding a slot (tests assert this returns to zero). */
  get size(): number {
    return this.counts.size;
  }
}
