import * as encoding from 'lib0/encoding';

/**
 * Hand-encoded yjs V1 updates that no editor produces (issue 10, findings 1,
 * 2 and 6), for the C-SCHEMA tests. Written with lib0 directly, since yjs'
 * own API cannot make an item whose neighbours are far apart or a struct
 * whose predecessor was never sent.
 */

/** A one-character string item: [client, clock, origin, right origin]. */
type CharItem = { client: number; clock: number; origin: [number, number] | null; right: [number, number] | null };

const CONTENT_STRING = 4;
const HAS_ORIGIN = 0x80;
const HAS_RIGHT_ORIGIN = 0x40;

function encode(items: CharItem[], deletes: [number, number, number][] = []): Uint8Array {
  const byClient = new Map<number, CharItem[]>();
  for (const item of items) {
    const list = byClient.get(item.client) ?? [];
    list.push(item);
    byClient.set(item.client, list);
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, byClient.size);
  for (const [client, list] of byClient) {
    list.sort((a, b) => a.clock - b.clock);
    encoding.writeVarUint(encoder, list.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list[0]!.clock);
    for (const item of list) {
      encoding.writeUint8(
        encoder,
        CONTENT_STRING | (item.origin ? HAS_ORIGIN : 0) | (item.right ? HAS_RIGHT_ORIGIN : 0),
      );
      for (const id of [item.origin, item.right]) {
        if (!id) continue;
        encoding.writeVarUint(encoder, id[0]);
        encoding.writeVarUint(encoder, id[1]);
      }
      encoding.writeVarString(encoder, 'y');
    }
  }
  encoding.writeVarUint(encoder, new Set(deletes.map((d) => d[0])).size);
  for (const client of new Set(deletes.map((d) => d[0]))) {
    const ranges = deletes.filter((d) => d[0] === client);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const [, clock, len] of ranges) {
      encoding.writeVarUint(encoder, clock);
      encoding.writeVarUint(encoder, len);
    }
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Finding 1: `count` structs, each under a new client id at clock 1 whose
 * clock 0 was never sent, so yjs would keep every one of them pending.
 */
export function pendingStructsUpdate(count: number, firstClient = 1_000_000): Uint8Array {
  const items: CharItem[] = [];
  for (let i = 0; i < count; i++) {
    const client = firstClient + i;
    items.push({ client, clock: 1, origin: [client, 0], right: null });
  }
  return encode(items);
}

/**
 * Finding 2: `count` one-character items, all with the same origin (the first
 * character of a stored run of text) and each with a right origin further
 * along that run, so placing item k makes yjs step over the k items before
 * it and the run between. `clients` spreads them over that many new client ids.
 */
export function farApartItemsUpdate(
  run: { client: number; clock: number },
  count: number,
  clients: number,
  firstClient = 2_000_000,
): Uint8Array {
  const items: CharItem[] = [];
  for (let i = 0; i < count; i++) {
    const client = firstClient + (i % clients);
    const clock = Math.floor(i / clients);
    items.push({ client, clock, origin: [run.client, run.clock], right: [run.client, run.clock + 1 + i] });
  }
  return encode(items);
}

/** Finding 6: a delete set over clocks of `client` from `clock` on, which nobody wrote yet. */
export function deleteAheadUpdate(client: number, clock: number, length: number): Uint8Array {
  return encode([], [[client, clock, length]]);
}

/**
 * Finding 2 inside one update: a run of `count + 1` characters in the text
 * whose item id is `text`, under a new client id, then `count` characters all
 * hanging after the run's first character, each before a different one of
 * its characters. No bound proves it cheap, so the server measures it in a
 * worker (C-SCHEMA-4): yjs steps over about count² items to place them.
 */
export function inUpdateFarApartUpdate(
  text: { client: number; clock: number },
  count: number,
  client = 4_000_000,
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, count + 1);
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, 0);
  // The run: no neighbours, so its parent follows (0: an item's id, not a top-level name).
  encoding.writeUint8(encoder, CONTENT_STRING);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, text.client);
  encoding.writeVarUint(encoder, text.clock);
  encoding.writeVarString(encoder, 'x'.repeat(count + 1));
  for (let i = 0; i < count; i++) {
    encoding.writeUint8(encoder, CONTENT_STRING | HAS_ORIGIN | HAS_RIGHT_ORIGIN);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, 0);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, 1 + i);
    encoding.writeVarString(encoder, 'y');
  }
  encoding.writeVarUint(encoder, 0);
  return encoding.toUint8Array(encoder);
}
