/**
 * What an update would write, decoded without applying it: every struct with
 * its id, the ids it hangs from (origin, right origin, explicit parent), its
 * map key and a description of its content, plus the delete set. The
 * admission check (admitUpdate.ts) judges an update from this and the room's
 * document alone, before `Y.applyUpdate` runs.
 *
 * It is produced by the same decode that validates the bytes (C-SYNC-4), on
 * the main thread for small updates and in a worker for large ones, so it is
 * plain data (structured-cloneable) and the decoder is plain JavaScript kept
 * in a string (SUMMARISE_UPDATE_BODY) that both places evaluate.
 */

import { UPDATE_CLIENTS_MAX } from '../../config.ts';

/** A Yjs id as [client, clock]. */
export type IdPair = readonly [client: number, clock: number];

/** The kinds of shared type a struct can create (ContentType), as y-protocols names them. */
export type SharedTypeKind = 'xmlElement' | 'xmlText' | 'xmlFragment' | 'xmlHook' | 'text' | 'map' | 'array' | 'other';

export type ContentSummary =
  | { k: 'deleted' }
  | { k: 'string'; n: number }
  | { k: 'format'; key: string; value: unknown }
  | { k: 'type'; t: SharedTypeKind; node: string | null }
  | { k: 'any'; values: unknown[] }
  | { k: 'json' | 'binary' | 'embed' | 'doc' | 'unknown' };

export type StructSummary = {
  client: number;
  clock: number;
  length: number;
  /** A GC struct: deleted content with no position; it writes nothing visible. */
  gc: boolean;
  origin: IdPair | null;
  right: IdPair | null;
  /** Explicit parent: a top-level type's name, or the id of the item whose type holds it. */
  parent: string | IdPair | null;
  parentSub: string | null;
  content: ContentSummary;
};

export type UpdateSummary = {
  structs: StructSummary[];
  /** Delete set ranges as [client, clock, length]. */
  deletes: [number, number, number][];
  /**
   * Set, with `structs` and `deletes` left empty, when the update writes under more than
   * UPDATE_CLIENTS_MAX client ids: refused without describing each struct (C-SCHEMA-1).
   */
  clientCount?: number;
};

/** The struct ids an update writes under one Yjs client id: clocks [clock, end). */
export type ClientRange = { client: number; clock: number; end: number };

/** Per Yjs client id, the lowest and highest clock the update's structs cover. */
export function clientRanges(summary: UpdateSummary): ClientRange[] {
  const ranges = new Map<number, ClientRange>();
  for (const s of summary.structs) {
    const end = s.clock + s.length;
    const range = ranges.get(s.client);
    if (range === undefined) ranges.set(s.client, { client: s.client, clock: s.clock, end });
    else {
      if (s.clock < range.clock) range.clock = s.clock;
      if (end > range.end) range.end = end;
    }
  }
  return [...ranges.values()];
}

/**
 * The decode, as the body of `function (Y, bytes)` returning an UpdateSummary.
 * Strict: yjs' V1 decoder must consume every byte (trailing bytes are refused).
 * `Y.decodeUpdate` is linear in its input: V1 has no run-length counts that
 * expand, and nothing here calls `mergeUpdates*` or `applyUpdateV2` (yjs #687).
 */
export const SUMMARISE_UPDATE_BODY = `
  let reader = null;
  class TrackingDecoderV1 extends Y.UpdateDecoderV1 {
    constructor(decoder) {
      super(decoder);
      reader = decoder;
    }
  }
  const { structs, ds } = Y.decodeUpdateV2(bytes, TrackingDecoderV1);
  if (reader === null || reader.pos !== bytes.length) throw new Error('trailing bytes after the update');
  // Only the clients the update writes under count: its delete set may name every client that
  // ever deleted anything, since a sync step 2 (encodeStateAsUpdate) carries the sender's whole
  // delete set; past 64 such clients every new tab's first sync was refused. The delete ranges
  // are bounded on their own (C-SCHEMA-5) and checked against the document (C-SCHEMA-1).
  const clientIds = new Set();
  for (const s of structs) clientIds.add(s.id.client);
  if (clientIds.size > ${UPDATE_CLIENTS_MAX}) return { structs: [], deletes: [], clientCount: clientIds.size };
  const pair = (id) => (id ? [id.client, id.clock] : null);
  const typeKind = (type) =>
    type instanceof Y.XmlElement ? 'xmlElement'
    : type instanceof Y.XmlHook ? 'xmlHook'
    : type instanceof Y.XmlFragment ? 'xmlFragment'
    : type instanceof Y.XmlText ? 'xmlText'
    : type instanceof Y.Text ? 'text'
    : type instanceof Y.Map ? 'map'
    : type instanceof Y.Array ? 'array'
    : 'other';
  const contentOf = (c) => {
    if (c instanceof Y.ContentDeleted) return { k: 'deleted' };
    if (c instanceof Y.ContentString) return { k: 'string', n: c.str.length };
    if (c instanceof Y.ContentFormat) return { k: 'format', key: c.key, value: c.value };
    if (c instanceof Y.ContentType)
      return { k: 'type', t: typeKind(c.type), node: c.type instanceof Y.XmlElement ? c.type.nodeName : null };
    if (c instanceof Y.ContentAny) return { k: 'any', values: c.arr };
    if (c instanceof Y.ContentJSON) return { k: 'json' };
    if (c instanceof Y.ContentBinary) return { k: 'binary' };
    if (c instanceof Y.ContentEmbed) return { k: 'embed' };
    if (c instanceof Y.ContentDoc) return { k: 'doc' };
    return { k: 'unknown' };
  };
  const out = [];
  for (const s of structs) {
    if (s instanceof Y.Skip) continue;
    if (s instanceof Y.GC) {
      out.push({ client: s.id.client, clock: s.id.clock, length: s.length, gc: true, origin: null, right: null,
        parent: null, parentSub: null, content: { k: 'deleted' } });
      continue;
    }
    const parent = s.parent === null ? null : typeof s.parent === 'string' ? s.parent : pair(s.parent);
    out.push({ client: s.id.client, clock: s.id.clock, length: s.length, gc: false, origin: pair(s.origin),
      right: pair(s.rightOrigin), parent, parentSub: s.parentSub, content: contentOf(s.content) });
  }
  const deletes = [];
  for (const [client, items] of ds.clients) for (const d of items) deletes.push([client, d.clock, d.len]);
  return { structs: out, deletes };
`;
