import { RECOVERY_CODE_COUNT } from '@jointly/shared';
import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Recovery codes: `abcde-fghij`, 50 random bits each, so a plain SHA-256 is enough to keep
 * them (a slow hash protects guessable secrets like passwords, not random ones).
 */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const raw = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(7))).slice(0, 10);
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
}

/** The stored form of a code, from what a person typed (the schema already lower-cased it and removed spaces). */
export function hashRecoveryCode(code: string): string {
  const normal = code.replace(/-/g, '').toLowerCase();
  return encodeHexLowerCase(sha256(new TextEncoder().encode(normal)));
}
