/**
 * How an offline copy's records are sealed (issue 18 item 3): AES-256-GCM under the session's key
 * (offlineCopyKey.ts), a fresh random 96-bit IV per record, and the copy's name as additional
 * data, so a record moved into another entry's copy does not open. A record is
 * [format byte][IV][ciphertext and tag]; nothing of the Yjs update is left in clear text.
 */

const FORMAT = 1;
const IV_BYTES = 12;

/** The key as WebCrypto holds it: not extractable, so script cannot read its bytes back out. */
export function importSealingKey(raw: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw as BufferSource, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

export async function sealRecord(key: CryptoKey, copyName: string, plain: Uint8Array): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const additionalData = new TextEncoder().encode(copyName);
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData }, key, plain as BufferSource),
  );
  const record = new Uint8Array(1 + IV_BYTES + sealed.length);
  record[0] = FORMAT;
  record.set(iv, 1);
  record.set(sealed, 1 + IV_BYTES);
  return record;
}

/** The record's bytes, or null when it does not open with this key for this copy (another session's). */
export async function openRecord(key: CryptoKey, copyName: string, record: unknown): Promise<Uint8Array | null> {
  if (!(record instanceof Uint8Array) || record.length <= 1 + IV_BYTES || record[0] !== FORMAT) return null;
  try {
    const plain = await crypto.subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: record.subarray(1, 1 + IV_BYTES) as BufferSource,
        additionalData: new TextEncoder().encode(copyName),
      },
      key,
      record.subarray(1 + IV_BYTES) as BufferSource,
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
