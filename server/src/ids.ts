import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** Random ids: 80 bits from the CSPRNG, lower-case base32 (matches `idParam`). */
export function generateId(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)));
}

/** Secrets (session and invitation tokens): 160 bits, lower-case base32. */
export function generateSecret(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}
