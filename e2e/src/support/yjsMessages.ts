import * as Y from 'yjs';

/**
 * y-websocket / y-protocols messages built and read in Node with yjs, to hand
 * to a page as plain byte arrays (a raw WebSocket in the page sends them).
 * Layout: varUint messageType (0 = sync), varUint syncType (0 = SyncStep1,
 * 1 = SyncStep2, 2 = Update), then varUint8Array payload.
 */

const MESSAGE_SYNC = 0;
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

function varUint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest > 0x7f) {
    bytes.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return bytes;
}

function readVarUint(bytes: Uint8Array, start: number): [value: number, next: number] {
  let value = 0;
  let shift = 1;
  let position = start;
  for (;;) {
    const byte = bytes[position++];
    if (byte === undefined) throw new Error('Truncated varUint');
    value += (byte & 0x7f) * shift;
    if (byte < 0x80) return [value, position];
    shift *= 128;
  }
}

function syncMessage(syncType: number, payload: Uint8Array): number[] {
  return [...varUint(MESSAGE_SYNC), ...varUint(syncType), ...varUint(payload.length), ...payload];
}

/** A y-sync Update message carrying a Yjs update (e.g. `Y.encodeStateAsUpdate(doc, stateVectorBefore)`). */
export function updateMessage(update: Uint8Array): number[] {
  return syncMessage(SYNC_UPDATE, update);
}

/** A y-sync Update message that adds a paragraph with `text` to the section's fragment. */
export function paragraphUpdateMessage(sectionFragment: string, text: string): number[] {
  const doc = new Y.Doc();
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  doc.getXmlFragment(sectionFragment).insert(0, [paragraph]);
  return syncMessage(SYNC_UPDATE, Y.encodeStateAsUpdate(doc));
}

/** A SyncStep1 with an empty state vector: the server answers with its whole document (SyncStep2). */
export function fullSyncRequestMessage(): number[] {
  return syncMessage(SYNC_STEP1, Y.encodeStateVector(new Y.Doc()));
}

/** Whether a message from the server is a SyncStep2 (the answer to a SyncStep1). */
export function isSyncStep2(message: Uint8Array): boolean {
  const [messageType, next] = readVarUint(message, 0);
  if (messageType !== MESSAGE_SYNC) return false;
  const [syncType] = readVarUint(message, next);
  return syncType === SYNC_STEP2;
}

/** The document a SyncStep2 carries, applied to a fresh Y.Doc. */
export function docFromSyncStep2(message: Uint8Array): Y.Doc {
  const [, afterType] = readVarUint(message, 0);
  const [, afterSyncType] = readVarUint(message, afterType);
  const [length, start] = readVarUint(message, afterSyncType);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, message.subarray(start, start + length));
  return doc;
}

const MESSAGE_AWARENESS = 1;

/**
 * A y-protocols awareness message carrying one client's state, exactly as
 * `encodeAwarenessUpdate` writes it: count, then client id, clock and the
 * state as JSON, wrapped as message type 1. The state is written as given,
 * so it can hold what no real client would send (a hostile cursor).
 */
export function awarenessMessage(clientId: number, clock: number, state: Record<string, unknown> | null): number[] {
  const json = [...new TextEncoder().encode(JSON.stringify(state))];
  const update = [...varUint(1), ...varUint(clientId), ...varUint(clock), ...varUint(json.length), ...json];
  return [...varUint(MESSAGE_AWARENESS), ...varUint(update.length), ...update];
}

/** The client ids an awareness message (type 1) carries states for; null for any other message. */
export function awarenessClientIds(message: Uint8Array): number[] | null {
  const [messageType, afterType] = readVarUint(message, 0);
  if (messageType !== MESSAGE_AWARENESS) return null;
  let [, position] = readVarUint(message, afterType); // the update's length
  const [count, afterCount] = readVarUint(message, position);
  position = afterCount;
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const [clientId, afterId] = readVarUint(message, position);
    const [, afterClock] = readVarUint(message, afterId);
    const [jsonLength, afterLength] = readVarUint(message, afterClock);
    ids.push(clientId);
    position = afterLength + jsonLength;
  }
  return ids;
}
