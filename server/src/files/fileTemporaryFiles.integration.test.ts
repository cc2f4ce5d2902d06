import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../test/testServer.ts';

/** Which temporary upload files a starting server removes (fileService.prepare). */
describe('temporary upload files at start', () => {
  it('removes what dead processes (and an earlier process with its own id) left, and keeps a live process’s', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jointly-upload-tmp-'));
    const live = spawn('sleep', ['30']);
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    try {
      const uploads = path.join(dataDir, 'tmp', 'uploads');
      fs.mkdirSync(uploads, { recursive: true });
      const names = {
        dead: `upload-${dead.pid}-aaaaaaaaaaaaaaaa`,
        own: `upload-${process.pid}-bbbbbbbbbbbbbbbb`,
        unnamed: 'leftover',
        live: `upload-${live.pid}-cccccccccccccccc`,
      };
      for (const name of Object.values(names)) fs.writeFileSync(path.join(uploads, name), 'partial');
      const server = await startTestServer({ DATA_DIR: dataDir });
      await server.close();
      expect(fs.readdirSync(uploads)).toEqual([names.live]);
    } finally {
      live.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
