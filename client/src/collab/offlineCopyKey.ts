import { getOfflineCopyKey } from '../api/offlineCopyKeyApi.ts';
import { importSealingKey } from './sealedRecords.ts';

/**
 * This session's key for sealing offline copies (issue 18 item 3), asked of the server once per page
 * load and held only in memory, as a non-extractable CryptoKey: it is never written to the
 * browser's storage, so what the copies hold cannot be read once the session has ended.
 */
let current: Promise<CryptoKey> | null = null;

export function offlineCopyKey(): Promise<CryptoKey> {
  if (!current) {
    const loading = getOfflineCopyKey().then(({ key }) => importSealingKey(fromBase64Url(key)));
    current = loading;
    // Not kept when it failed (offline, signed out): the next copy opened asks again.
    loading.catch(() => {
      if (current === loading) current = null;
    });
  }
  return current;
}

/** Drops the key held for this page (signed out, or someone signed in: their session has another). */
export function forgetOfflineCopyKey(): void {
  current = null;
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
}
