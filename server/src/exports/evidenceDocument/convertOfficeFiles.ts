import { spawn } from 'node:child_process';
import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Word, Excel and PowerPoint files turned into PDF by LibreOffice, in a child
 * process: a hostile or huge file costs that process, never the server's
 * event loop. One `soffice` run converts every file of a compile (each start
 * costs seconds), with its own profile directory so concurrent compiles do not
 * share (or lock) the user's LibreOffice profile. On the time limit the whole
 * process group is killed; files converted by then are kept.
 */

export type OfficeConversion =
  | { ok: true; pdfPath: string }
  | { ok: false; reason: 'unavailable' | 'failed' | 'timeout' };

/** `inputs` are paths of files named `<stem>.<docx|xlsx|pptx>` in `workDir`, each stem distinct. */
export async function convertOfficeFiles(
  inputs: readonly string[],
  workDir: string,
  timeoutMs: number,
): Promise<Map<string, OfficeConversion>> {
  const results = new Map<string, OfficeConversion>();
  if (inputs.length === 0) return results;
  const outDir = join(workDir, 'converted');
  const profile = join(workDir, 'lo-profile');
  await mkdir(outDir, { recursive: true });
  await mkdir(join(profile, 'user'), { recursive: true });
  await writeFile(join(profile, 'user', 'registrymodifications.xcu'), LOCKED_DOWN_PROFILE);
  const run = await withRunSlot(() =>
    runSoffice(
      [
        '--headless',
        '--norestore',
        '--nolockcheck',
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        ...inputs,
      ],
      timeoutMs,
    ),
  );
  for (const input of inputs) {
    if (run === 'unavailable') {
      results.set(input, { ok: false, reason: 'unavailable' });
      continue;
    }
    const stem = input.slice(input.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    const pdfPath = join(outDir, `${stem}.pdf`);
    const made = await access(pdfPath).then(
      () => true,
      () => false,
    );
    results.set(input, made ? { ok: true, pdfPath } : { ok: false, reason: run === 'timeout' ? 'timeout' : 'failed' });
  }
  return results;
}

/**
 * The profile's settings: an uploaded document is not to reach anything. By
 * default LibreOffice fetches images a document links to (an SSRF from the
 * server: a DOCX linking http://127.0.0.1:…/ was fetched three times in one
 * conversion); BlockUntrustedRefererLinks stops that. Macros never run.
 */
const LOCKED_DOWN_PROFILE = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
`;

type RunOutcome = 'done' | 'timeout' | 'unavailable';

/**
 * LibreOffice runs at once, across every export of this process: each takes
 * a few hundred MiB, so a burst of downloads queues here instead of starting
 * one each. The time limit counts from the start of a run, not the wait.
 */
const MAX_RUNS = 2;
let running = 0;
const waiting: (() => void)[] = [];

export async function withRunSlot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await run();
  } finally {
    // Hand the slot straight to the next in line, or free it.
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function runSoffice(args: string[], timeoutMs: number): Promise<RunOutcome> {
  return new Promise((resolve) => {
    // Its own process group (detached), so a timeout kills soffice.bin as well as the wrapper script.
    const child = spawn('soffice', args, { detached: true, stdio: 'ignore' });
    let settled = false;
    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const timer = setTimeout(() => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      finish('timeout');
    }, timeoutMs);
    child.on('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ENOENT' ? 'unavailable' : 'done'));
    child.on('exit', () => finish('done'));
  });
}
