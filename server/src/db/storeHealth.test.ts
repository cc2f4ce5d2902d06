import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedProbe, SqliteFileGuard, SqliteWriteHealth, StoreUnavailableError } from './storeHealth.ts';

describe('store health (issue 10 finding 15)', () => {
  it('cachedProbe writes at most once per interval and reports a failure until a later probe succeeds', async () => {
    let now = 0;
    let calls = 0;
    let failing = false;
    const check = cachedProbe(
      async () => {
        calls++;
        if (failing) throw new Error('disk full');
      },
      2000,
      () => now,
    );
    await Promise.all([check(), check(), check()]);
    expect(calls).toBe(1);
    failing = true;
    now = 1999;
    await check();
    expect(calls).toBe(1);
    now = 2000;
    await expect(check()).rejects.toThrow('disk full');
    now = 3000;
    await expect(check()).rejects.toThrow('disk full');
    expect(calls).toBe(2);
    failing = false;
    now = 4000;
    await check();
    expect(calls).toBe(3);
  });

  it('SqliteFileGuard notices a file deleted or replaced by another (a restored backup copied over it)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-guard-'));
    const file = path.join(dir, 'db.sqlite');
    fs.writeFileSync(file, 'a');
    fs.writeFileSync(`${file}-wal`, 'w');
    const guard = new SqliteFileGuard(file);
    expect(guard.problem()).toBeNull();
    fs.writeFileSync(path.join(dir, 'other'), 'b');
    fs.renameSync(path.join(dir, 'other'), file);
    expect(guard.problem()).toMatch(/replaced/);
    fs.rmSync(dir, { recursive: true });
    expect(guard.problem()).toMatch(/deleted/);
    expect(() => guard.assertIntact()).toThrow(StoreUnavailableError);
  });

  it('SqliteWriteHealth remembers a storage failure until a data write succeeds, not a pragma', () => {
    const health = new SqliteWriteHealth();
    health.after(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }), {
      source: 'insert',
    });
    expect(() => health.assertHealthy()).not.toThrow();
    health.after(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), { source: 'insert' });
    expect(() => health.assertHealthy()).toThrow(/database or disk is full/);
    health.after(null, { source: 'pragma user_version = 0' });
    expect(() => health.assertHealthy()).toThrow(StoreUnavailableError);
    health.after(null, { source: 'commit' });
    expect(() => health.assertHealthy()).not.toThrow();
  });
});
