import { CloseCode, CloseReason } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AWARENESS_MAX_BYTES, AWARENESS_MAX_DEPTH } from '../config.ts';
import { cleanAwarenessState } from './cleanAwarenessState.ts';
import { ProtocolError } from './ProtocolError.ts';

/**
 * Awareness updates as y-protocols encodes them: `varUint n`, then n times
 * `varUint clientId, varUint clock, varString JSON(state | null)`.
 * y-protocols validates nothing; the server decodes, checks and filters each
 * entry here before anything is applied or relayed (C-AW rules).
 */
export type AwarenessEntry = { clientId: number; clock: number; state: Record<string, unknown> | null };

/** The identity the server writes into every state's `user` field (C-AW-3). */
export type AwarenessIdentity = {
  id: string;
  name: string;
  organisationId: string;
  organisationName: string;
  color: string;
};

const invalid = (detail: string) => new ProtocolError(CloseCode.policyViolation, CloseReason.invalidAwareness, detail);

/** Nesting depth of a JSON value: a scalar is 0, `{}` and `[]` are 1. */
export function jsonDepth(value: unknown): number {
  // Iterative, so a hostile value cannot overflow the stack.
  let max = 0;
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') {
      max = Math.max(max, depth);
      continue;
    }
    const children = Array.isArray(current) ? current : Object.values(current);
    max = Math.max(max, depth + 1);
    for (const child of children) stack.push({ value: child, depth: depth + 1 });
  }
  return max;
}

/**
 * Decodes and checks an awareness update (C-AW-4): at most AWARENESS_MAX_BYTES,
 * valid JSON, each state an object (or null) nested at most AWARENESS_MAX_DEPTH
 * holding only the app's fields (C-AW-9, cleanAwarenessState.ts).
 * Throws ProtocolError (1008) otherwise.
 */
export function decodeAwarenessUpdate(
  update: Uint8Array,
  limits: { maxBytes: number; maxDepth: number } = { maxBytes: AWARENESS_MAX_BYTES, maxDepth: AWARENESS_MAX_DEPTH },
): AwarenessEntry[] {
  if (update.length > limits.maxBytes) throw invalid(`${update.length} bytes`);
  const decoder = decoding.createDecoder(update);
  const entries: AwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      let state: unknown;
      try {
        state = JSON.parse(json);
      } catch {
        throw invalid('state is not JSON');
      }
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw invalid('state is not an object');
      }
      if (jsonDepth(state) > limits.maxDepth) throw invalid('state nested too deeply');
      const clean = state === null ? null : cleanAwarenessState(state as Record<string, unknown>);
      if (state !== null && clean === null) throw invalid('state outside the awareness schema');
      entries.push({ clientId, clock, state: clean });
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw invalid((err as Error).message);
  }
  if (decoding.hasContent(decoder)) throw invalid('trailing bytes');
  return entries;
}

/** Re-encodes entries in y-protocols' format. */
export function encodeAwarenessEntries(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Keeps only the entries a connection may speak for (C-AW-1, C-AW-2) and
 * stamps the session's identity on each state (C-AW-3).
 *
 * `ownClientId` is the awareness client id the connection speaks for (null
 * until its first entry); `mayClaim(id)` says whether an unclaimed id is free.
 * Returns the kept entries and the client id the connection now speaks for.
 */
export function filterAwarenessEntries(
  entries: AwarenessEntry[],
  connection: { ownClientId: number | null; identity: AwarenessIdentity; mayClaim(clientId: number): boolean },
): { kept: AwarenessEntry[]; ownClientId: number | null; dropped: number } {
  let own = connection.ownClientId;
  const kept: AwarenessEntry[] = [];
  let dropped = 0;
  for (const entry of entries) {
    if (own === null && entry.state !== null && connection.mayClaim(entry.clientId)) own = entry.clientId;
    if (entry.clientId !== own) {
      dropped++;
      continue;
    }
    kept.push({
      clientId: entry.clientId,
      clock: entry.clock,
      state: entry.state === null ? null : { ...entry.state, user: { ...connection.identity } },
    });
  }
  return { kept, ownClientId: own, dropped };
}
