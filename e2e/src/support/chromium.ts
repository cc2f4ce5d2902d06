import fs from 'node:fs';

/** Debian's Chromium; the wrapper script prints noise, so prefer the binary itself. */
const EXECUTABLE = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((file) => fs.existsSync(file));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumExecutable(): string {
  if (!EXECUTABLE) throw new Error('Chromium is not installed: run scripts/ensure-system-packages.sh');
  return EXECUTABLE;
}
