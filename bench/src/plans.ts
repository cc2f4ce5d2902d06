import type { ChildServer } from './childServer.ts';
import type { EditorSpec } from './EditorClient.ts';
import { type JointlyEntry, type JointlyFixture, sourceAddress } from './jointlyServer.ts';
import type { LoadPlan } from './loadProtocol.ts';
import type { BenchOptions } from './options.ts';

/**
 * Who edits what in each scenario, for each server. Every server gets the
 * same shape of load; Jointly's editors also carry their session cookie and
 * the Origin header a browser would send. The Jointly plans take the list of
 * its processes: one for `jointly`, several for `jointly-scaled`, where the
 * editors of a room are spread over them round-robin (a load balancer would
 * do much the same), each with its own process's origin (PUBLIC_URL is unset,
 * so each process checks Origin against its own host).
 */

/** Used for the reference, which has no entries: any section name will do. */
const REFERENCE_FRAGMENT = 'section:bench';

function basePlan(scenario: string, options: BenchOptions, editors: EditorSpec[]): LoadPlan {
  return {
    scenario,
    editors,
    editsPerSecond: options.editsPerSecond,
    warmupS: options.warmupS,
    durationS: options.durationS,
    drainS: options.drainS,
    cursor: options.cursor,
    connectConcurrency: 20,
    syncTimeoutMs: 30_000,
  };
}

/** `entries` rooms × `editorsPerEntry` editors against the reference. */
export function referencePropagationPlan(server: ChildServer, options: BenchOptions): LoadPlan {
  const editors: EditorSpec[] = [];
  for (let e = 0; e < options.entries; e++) {
    for (let j = 0; j < options.editorsPerEntry; j++) {
      editors.push({
        serverUrl: server.wsUrl,
        room: `bench-entry-${e}`,
        fragmentName: REFERENCE_FRAGMENT,
        origin: server.origin,
        localAddress: sourceAddress(editors.length, options.sourceIps),
        label: `e${e}u${j}`,
      });
    }
  }
  return basePlan('propagation', options, editors);
}

export function referenceCrowdPlan(server: ChildServer, options: BenchOptions): LoadPlan {
  const editors: EditorSpec[] = Array.from({ length: options.crowdEditors }, (_, i) => ({
    serverUrl: server.wsUrl,
    room: 'bench-crowd',
    fragmentName: REFERENCE_FRAGMENT,
    origin: server.origin,
    localAddress: sourceAddress(i, options.sourceIps),
    label: `c${i}`,
  }));
  return basePlan('crowd', options, editors);
}

/**
 * The section a round writes in: each round of `--rounds` starts in an empty section of its own.
 * The entries are provisioned once, and a section holds at most 12 characters per word of its limit
 * (C-SCHEMA-3): the crowd fills one in a round, so a second round in it had every edit refused.
 */
function roundFragment(entry: JointlyEntry, round: number): string {
  return `section:${entry.sectionIds[round % entry.sectionIds.length] ?? entry.sectionId}`;
}

/** The process that editor `k` of a room talks to: round-robin over `servers`. */
function serverFor(servers: ChildServer[], k: number): ChildServer {
  const server = servers[k % servers.length];
  if (!server) throw new Error('a Jointly plan needs at least one server');
  return server;
}

/**
 * Entry e's members edit it together; member k of the entry connects to
 * servers[k mod n], so with 4 editors on 2 processes every edit reaches one
 * editor on its own process and two on the other.
 */
export function jointlyPropagationPlan(
  servers: ChildServer[],
  fixture: JointlyFixture,
  options: BenchOptions,
  round = 0,
): LoadPlan {
  const editors: EditorSpec[] = [];
  fixture.entries.forEach((entry, e) => {
    entry.memberIndexes.forEach((userIndex, k) => {
      const user = fixture.users[userIndex];
      if (!user) throw new Error(`fixture has no user ${userIndex}`);
      const server = serverFor(servers, k);
      editors.push({
        serverUrl: server.wsUrl,
        room: entry.id,
        fragmentName: roundFragment(entry, round),
        cookie: user.cookie,
        origin: server.origin,
        localAddress: user.localAddress,
        label: `e${e}u${userIndex}`,
      });
    });
  });
  return basePlan('propagation', options, editors);
}

/**
 * The crowd: `crowdEditors` sockets in one entry, spread round-robin over the users (a few tabs each);
 * editor i connects to servers[i mod n].
 */
export function jointlyCrowdPlan(
  servers: ChildServer[],
  fixture: JointlyFixture,
  options: BenchOptions,
  round = 0,
): LoadPlan {
  const entry = fixture.crowdEntry;
  const editors: EditorSpec[] = Array.from({ length: options.crowdEditors }, (_, i) => {
    const user = fixture.users[i % fixture.users.length];
    if (!user) throw new Error('fixture has no users');
    const server = serverFor(servers, i);
    return {
      serverUrl: server.wsUrl,
      room: entry.id,
      fragmentName: roundFragment(entry, round),
      cookie: user.cookie,
      origin: server.origin,
      localAddress: user.localAddress,
      label: `c${i}`,
    };
  });
  return basePlan('crowd', options, editors);
}
