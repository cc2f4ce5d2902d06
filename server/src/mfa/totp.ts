import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as authenticator apps do it (RFC 6238 defaults every app accepts: SHA-1, 6 digits,
 * 30-second steps), through `otpauth`; no HMAC of our own.
 */
const PERIOD_SECONDS = 30;
const ISSUER = 'Jointly';

function totpOf(secret: string, label = ''): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** A new secret: 160 bits (RFC 4226's recommended length), base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/Jointly:<email>?…` URI an app reads from the QR code. */
export function totpUri(secret: string, accountName: string): string {
  return totpOf(secret, accountName).toString();
}

/**
 * The time step a code belongs to, if it is right for now or one step either side (clock
 * drift and slow typing); null if wrong. Callers accept a step only once (no replay).
 */
export function matchingStep(secret: string, code: string, now: number): number | null {
  const delta = totpOf(secret).validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now }) + delta;
}

/** The code for a moment (tests compute codes as an app would). */
export function totpCodeAt(secret: string, timestamp: number): string {
  return totpOf(secret).generate({ timestamp });
}
