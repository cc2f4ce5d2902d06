// `pnpm start`: serves the built app (run `pnpm build` first; the README's
// first command does both). Kept as a script so the message is clear when the
// build is missing.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const entry = new URL('../server/dist/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('Jointly is not built yet: run `npx -y pnpm@10.34.8 build` first.');
  process.exit(1);
}
const child = spawn(process.execPath, [entry.pathname], { stdio: 'inherit', env: process.env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
