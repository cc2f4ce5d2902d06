// Bundles the server into dist/ with esbuild. Workspace packages are bundled
// in (they ship TypeScript source); npm dependencies stay external and are
// loaded from node_modules at run time (better-sqlite3 is native).
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@jointly/'));

await build({
  // The decode and checkpoint workers run from source strings; the upload inspection's child process
  // (files/inspection/runInChildProcess.ts) is a module of its own, emitted as dist/files/inspection/inspectionWorker.js.
  entryPoints: ['src/main.ts', 'src/files/inspection/inspectionWorker.ts'],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
});
