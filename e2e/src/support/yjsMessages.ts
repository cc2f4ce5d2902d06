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
