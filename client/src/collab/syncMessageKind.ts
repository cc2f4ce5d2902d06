import { MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import type { SyncMessageKind } from './connectionState.ts';

/** y-protocols/sync sub-types (messageYjsSyncStep1/2, messageYjsUpdate). */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;

function toBytes(data: unknown): Uint8Array | null {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/**
 * Which acknowledged kind an outgoing frame is: the server counts SyncStep2
 * and Update messages (`[0, 1, …]` and `[0, 2, …]`) per connection. SyncStep1,
 * awareness and anything unreadable are not counted.
 */
export function syncMessageKind(data: unknown): SyncMessageKind | null {
  const bytes = toBytes(data);
  if (bytes === null || bytes.length < 2) return null;
  try {
    const decoder = decoding.createDecoder(bytes);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return null;
    const subType = decoding.readVarUint(decoder);
    if (subType === SYNC_STEP_2) return 'step2';
    if (subType === SYNC_UPDATE) return 'update';
    return null;
  } catch {
    return null;
  }
}

/** Reads the count of a `saved` acknowledgement `[100, varUint n]` after its type has been read. */
export function readSavedCount(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}
