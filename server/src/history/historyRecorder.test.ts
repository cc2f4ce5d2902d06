import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { createHistoryRecorder } from './historyRecorder.ts';

/** The recorder's timing rules, on a clock the test moves (sweeps are called directly). */
describe('automatic versions: when a session of edits is kept', () => {
  let now = 0;
  const recorded: string[] = [];
  const recorders: ReturnType<typeof createHistoryRecorder>[] = [];
  const recorder = () => {
    const r = createHistoryRecorder({
      tuning: { quietMs: 60_000, maxSessionMs: 600_000, minIntervalMs: 180_000, sweepMs: 3_600_000 },
      record: async (entryId, sectionId, actor) => {
        recorded.push(`${entryId}/${sectionId}/${actor.userId}@${now}`);
      },
      logger: createLogger('silent'),
      now: () => now,
    });
    recorders.push(r);
    return r;
  };
  const write = (r: ReturnType<typeof recorder>, userId: string, sections: string[], entryId = 'e1') =>
    r.note(entryId, [{ userId, organisationId: `org-${userId}`, sections }]);
  afterEach(async () => {
    for (const r of recorders.splice(0)) await r.close();
    recorded.length = 0;
    now = 0;
  });

  it('after a quiet period, one version per section the person wrote in', () => {
    const r = recorder();
    write(r, 'ann', ['intro', 'outcomes']);
    now = 30_000;
    write(r, 'ann', ['intro']);
    now = 61_000;
    r.sweep();
    expect(recorded).toEqual(['e1/outcomes/ann@61000']); // intro was written 31 s ago
    now = 90_000;
    r.sweep();
    expect(recorded).toEqual(['e1/outcomes/ann@61000', 'e1/intro/ann@90000']);
    expect(r.pending()).toBe(0);
  });

  it('while the person goes on, every maxSessionMs', () => {
    const r = recorder();
    for (now = 0; now <= 700_000; now += 10_000) {
      write(r, 'ann', ['intro']);
      r.sweep();
    }
    expect(recorded).toEqual(['e1/intro/ann@600000']);
  });

  it('at most one per section within minIntervalMs: a second person waits, other sections do not', () => {
    const r = recorder();
    write(r, 'ann', ['intro']);
    now = 30_000;
    write(r, 'bob', ['intro', 'outcomes']);
    now = 60_000;
    r.sweep();
    expect(recorded).toEqual(['e1/intro/ann@60000']);
    now = 100_000;
    r.sweep();
    expect(recorded).toEqual(['e1/intro/ann@60000', 'e1/outcomes/bob@100000']);
    now = 239_000;
    r.sweep();
    expect(recorded).toHaveLength(2);
    now = 240_000;
    r.sweep();
    expect(recorded).toEqual(['e1/intro/ann@60000', 'e1/outcomes/bob@100000', 'e1/intro/bob@240000']);
  });

  it('noting touches no document and awaits nothing; closing keeps what is open', async () => {
    const r = recorder();
    write(r, 'ann', ['intro'], 'e2');
    expect(recorded).toEqual([]);
    await r.close();
    expect(recorded).toEqual(['e2/intro/ann@0']);
  });
});
