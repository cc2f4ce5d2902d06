import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { ChildServer } from './childServer.ts';
import { type JointlyFixture, type JointlyUser, startJointlyServer } from './jointlyServer.ts';
import type { BenchOptions } from './options.ts';
import { type SummaryLine, table } from './report.ts';
import { createScaledEnvironment, redactUrl, type ScaledEnvironment } from './scaledServices.ts';
import { provision, startScaledServers } from './serverSetup.ts';
import { destroy, newProvider, SYNC_TIMEOUT_MS, waitFor } from './syncClient.ts';
import { makeTempDir, removeTempDir } from './tempDirs.ts';

/**
 * `kill-burst` (issue 16, RELIABILITY 63): kill -9 under a burst of `--burst-updates` (5,000)
 * updates, on `jointly` and on `jointly-scaled`. A writer on the first process sends its updates
 * one character a transaction, as fast as the server takes them (at most BURST_WINDOW ahead of
 * what the receiver has been relayed, so the server's per-connection queue, C-FLOOD-1, never
 * overflows); a receiver on the other process (the same one when single) records every update
 * relayed to it. Once half the burst reached the receiver, every server process gets SIGKILL,
 * both clients are closed (a client left open would send its copy back and hide a loss), the
 * processes start again, and a fresh client's first sync must hold every update the receiver
 * was relayed: Jointly relays an update only once it is stored.
 */

export type KillBurstResult = {
  serverName: 'jointly' | 'jointly-scaled';
  processes: number;
  /** Updates the writer had sent when the processes were killed. */
  sent: number;
  /** Updates relayed to the receiver before the kill. */
  relayed: number;
  /** Of those, held by a fresh client after the restart. */
  kept: number;
  lost: number;
  /** Updates stored beyond what was relayed (sent, stored, not yet relayed when killed). */
  storedBeyondRelayed: number;
  /** Milliseconds from the burst's first update to the kill. */
  killedAfterMs: number;
  error?: string;
};

/** Updates the writer may be ahead of the receiver: well under the server's 256 queued messages. */
const BURST_WINDOW = 128;

const log = (line: string) => process.stderr.write(`${line}\n`);

function connect(server: ChildServer, fixture: JointlyFixture, user: JointlyUser, doc: Y.Doc): WebsocketProvider {
  const entry = fixture.entries[0]!;
  return newProvider(
    {
      serverUrl: server.wsUrl,
      room: entry.id,
      headers: { Cookie: user.cookie, Origin: server.origin },
      localAddress: user.localAddress,
    },
    doc,
  );
}

/** How many of the writer's updates (by the clock each ended on) `doc` holds. */
function heldBy(doc: Y.Doc, writerId: number, clockEnds: number[]): number {
  const state = Y.getState(doc.store, writerId);
  let n = 0;
  while (n < clockEnds.length && clockEnds[n]! <= state) n++;
  return n;
}

function killAll(servers: ChildServer[]): Promise<unknown> {
  return Promise.all(
    servers.map((server) => {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      return server.exited;
    }),
  );
}

async function burstOnce(
  options: BenchOptions,
  serverName: KillBurstResult['serverName'],
  start: () => Promise<ChildServer[]>,
  fixture: JointlyFixture,
): Promise<KillBurstResult> {
  const entry = fixture.entries[0]!;
  const [writerUser, receiverUser] = entry.memberIndexes.map((i) => fixture.users[i]!);
  let servers = await start();
  const writerDoc = new Y.Doc();
  const receiverDoc = new Y.Doc();
  const writer = connect(servers[0]!, fixture, writerUser!, writerDoc);
  const receiver = connect(servers[1 % servers.length]!, fixture, receiverUser!, receiverDoc);
  const clockEnds: number[] = [];
  let relayed = 0;
  let killedAfterMs = 0;
  try {
    await waitFor(writer, () => writer.synced, SYNC_TIMEOUT_MS, 'writer sync', 'sync');
    await waitFor(receiver, () => receiver.synced, SYNC_TIMEOUT_MS, 'receiver sync', 'sync');
    const fragment = writerDoc.getXmlFragment(`section:${entry.sectionId}`);
    const text = new Y.XmlText();
    writerDoc.transact(() => {
      const paragraph = new Y.XmlElement('paragraph');
      fragment.insert(fragment.length, [paragraph]);
      paragraph.insert(0, [text]);
    });
    const killAt = Math.floor(options.burstUpdates / 2);
    const started = performance.now();
    let killed = false;
    for (let i = 0; i < options.burstUpdates && !killed; i++) {
      // One character per update; the paragraph stays short (a section's length is capped, C-SCHEMA-3).
      writerDoc.transact(() => {
        text.insert(text.length, String.fromCharCode(97 + (i % 26)));
        if (text.length > 60) text.delete(0, 30);
      });
      clockEnds.push(Y.getState(writerDoc.store, writerDoc.clientID));
      const ahead = () => clockEnds.length - heldBy(receiverDoc, writerDoc.clientID, clockEnds);
      if (ahead() >= BURST_WINDOW || heldBy(receiverDoc, writerDoc.clientID, clockEnds) >= killAt) {
        await waitFor(
          receiver,
          () => ahead() < BURST_WINDOW / 2 || heldBy(receiverDoc, writerDoc.clientID, clockEnds) >= killAt,
          SYNC_TIMEOUT_MS,
          'relay to the receiver',
        );
      }
      if (heldBy(receiverDoc, writerDoc.clientID, clockEnds) >= killAt) {
        killedAfterMs = Math.round(performance.now() - started);
        await killAll(servers);
        killed = true;
      }
    }
    if (!killed) throw new Error('the burst ended before the kill');
    relayed = heldBy(receiverDoc, writerDoc.clientID, clockEnds);
  } finally {
    destroy(writer);
    destroy(receiver);
    await killAll(servers);
  }
  log(`  ${serverName}: killed after ${killedAfterMs} ms, ${clockEnds.length} sent, ${relayed} relayed; restarting`);

  servers = await start();
  const freshDoc = new Y.Doc();
  const fresh = connect(servers[0]!, fixture, writerUser!, freshDoc);
  try {
    await waitFor(fresh, () => fresh.synced, SYNC_TIMEOUT_MS, 'fresh client sync', 'sync');
    const held = heldBy(freshDoc, writerDoc.clientID, clockEnds);
    const kept = Math.min(held, relayed);
    return {
      serverName,
      processes: servers.length,
      sent: clockEnds.length,
      relayed,
      kept,
      lost: relayed - kept,
      storedBeyondRelayed: Math.max(0, held - relayed),
      killedAfterMs,
    };
  } finally {
    destroy(fresh);
    await Promise.all(servers.map((server) => server.stop()));
  }
}

export async function runKillBurst(options: BenchOptions): Promise<KillBurstResult[]> {
  if (!options.only.includes('kill-burst')) return [];
  const small = { ...options, users: 2, entries: 1, editorsPerEntry: 2 };
  const results: KillBurstResult[] = [];
  for (const serverName of options.servers.filter((s) => s !== 'reference') as KillBurstResult['serverName'][]) {
    log(`kill-burst: ${serverName}`);
    const dataDir = makeTempDir('jointly-bench-kill-');
    let scaled: ScaledEnvironment | null = null;
    try {
      scaled = serverName === 'jointly-scaled' ? await createScaledEnvironment(options) : null;
      if (scaled) log(`kill-burst: schema ${scaled.schema} in ${redactUrl(options.databaseUrl)}`);
      const fixture = await provision(small, dataDir, serverName, scaled?.env ?? {}, false);
      const start = scaled
        ? () => startScaledServers(options, dataDir, scaled as ScaledEnvironment)
        : async () => [await startJointlyServer(options, dataDir)];
      results.push(await burstOnce(options, serverName, start, fixture));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`kill-burst: ${serverName} failed: ${message}`);
      const processes = serverName === 'jointly' ? 1 : options.processes;
      results.push({
        serverName,
        processes,
        sent: 0,
        relayed: 0,
        kept: 0,
        lost: 0,
        storedBeyondRelayed: 0,
        killedAfterMs: 0,
        error: message,
      });
    } finally {
      await scaled?.drop();
      removeTempDir(dataDir, options.keepData);
    }
  }
  return results;
}

export function killBurstTable(results: KillBurstResult[]): string {
  return table(
    ['server', 'processes', 'killed after ms', 'sent', 'relayed', 'kept', 'lost', 'stored beyond relayed'],
    results.map((r) => [
      r.serverName,
      String(r.processes),
      String(r.killedAfterMs),
      String(r.sent),
      String(r.relayed),
      String(r.kept),
      String(r.lost),
      String(r.storedBeyondRelayed),
    ]),
  );
}

export function killBurstSummary(results: KillBurstResult[], options: BenchOptions): SummaryLine[] {
  return results.map((r) => ({
    label: `kill -9 under a ${options.burstUpdates.toLocaleString('en-GB')}-update burst, ${r.serverName}: relayed updates kept`,
    figure: r.error ? `— (${r.error.slice(0, 80)})` : `${r.kept} / ${r.relayed} (lost ${r.lost})`,
    target: 'every relayed update',
    verdict: r.error ? 'ERROR' : r.relayed > 0 && r.lost === 0 ? 'PASS' : 'FAIL',
  }));
}
