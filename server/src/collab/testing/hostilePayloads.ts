/**
 * Hostile payloads for the collaboration tests (RELIABILITY B11–B13).
 *
 * yjs #687 ("Denial of Service vulnerability: run-length encoding can be
 * exploited to lock JS threads", open): the proof of concept from the issue
 * makes `Y.mergeUpdatesV2([update, poc])` run forever. The server never merges
 * or V2-decodes client bytes; V1 decoding in the worker refuses it.
 */
export const YJS_687_MERGE_V2_POC = Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex');

/**
 * Variants in the same spirit, crafted for V1: a client count near 2^53, a
 * struct count near 2^53 with nothing behind it, and a string length far
 * beyond the message. Each must be refused quickly, not looped over.
 */
export const V1_HOSTILE_UPDATES: Buffer[] = [
  Buffer.from('ffffffffffffff0f', 'hex'),
  Buffer.from('01ffffffffffff0f01000401', 'hex'),
  Buffer.from('010101000401ffffffff0f61', 'hex'),
];
