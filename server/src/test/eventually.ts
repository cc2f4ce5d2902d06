/**
 * Polling until something holds, for tests that wait on another process, a socket or a queue.
 * Timed by performance.now(), not Date: some tests fake Date (the job queue's, the reminders'),
 * and hold it still while they wait.
 */

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 25 ms until it holds; fails naming `what` after `ms`. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  await eventuallyValue(check, (held) => held, what, ms);
}

/** Reads until `ready` accepts what `read` gave, and answers it; fails with the last value after `ms`. */
export async function eventuallyValue<T>(
  read: () => T | Promise<T>,
  ready: (value: T) => boolean,
  what: string,
  ms = 15_000,
): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await read();
    if (ready(value)) return value;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await pause(25);
  }
}
