// Fails when the lockfile resolves a package below the version that fixed a
// known vulnerability (RELIABILITY N83). `npm audit` cannot reach its service
// here, so the minimums are checked in.
import { readFileSync } from 'node:fs';

const MINIMUMS = {
  hono: '4.13.18',
  '@hono/node-server': '2.1.7',
  ws: '8.21.1',
  'prosemirror-view': '1.42.3',
  linkifyjs: '4.3.2',
  '@tiptap/extension-link': '2.10.4',
};
// The 1.x line of @hono/node-server has its own patched release.
const ALTERNATE_MINIMUMS = { '@hono/node-server': { major: 1, min: '1.19.19' } };

const compare = (a, b) => {
  const pa = a.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const pb = b.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

const lock = readFileSync(new URL('../pnpm-lock.yaml', import.meta.url), 'utf8');
const problems = [];
for (const [name, min] of Object.entries(MINIMUMS)) {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const pattern = new RegExp(`^  '?${escaped}@(\\d+\\.\\d+\\.\\d+[^:'(]*)'?:`, 'gm');
  for (const match of lock.matchAll(pattern)) {
    const version = match[1];
    const alternate = ALTERNATE_MINIMUMS[name];
    const floor = alternate && Number.parseInt(version, 10) === alternate.major ? alternate.min : min;
    if (compare(version, floor) < 0) problems.push(`${name}@${version} is below ${floor}`);
  }
}
if (problems.length > 0) {
  console.error(`Vulnerable versions in pnpm-lock.yaml:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Minimum versions hold for ${Object.keys(MINIMUMS).length} packages.`);
