import { z } from 'zod';

/**
 * How long a consent record holds by default (issue 18 item 1), set by the deployment:
 * many trusts and Healthwatch keep stories and photographs five years. Beside config.ts
 * (which spreads it into Config) as ssoConfig.ts is, so config.ts stays within its size.
 */
export type ConsentConfig = {
  /** CONSENT_VALIDITY_MONTHS: a consent given on a day expires this many months later, unless recorded otherwise. */
  consentValidityMonths: number;
  /**
   * RETENTION_MONTHS_AFTER_AWARD (issue 18 item 4): months after the award (an outcome of
   * `not_shortlisted`, `highly_commended` or `winner` recorded) that an entry's testimonials keep
   * their personal data; then it is erased. Null (unset or 0): kept until erased by a lead.
   */
  retentionMonthsAfterAward: number | null;
  /** RETENTION_WARNING_DAYS: the entry's leads are warned this many days before (default 30). */
  retentionWarningDays: number;
};

const consentEnv = z.object({
  CONSENT_VALIDITY_MONTHS: z.coerce
    .number()
    .int()
    .min(1)
    .max(50 * 12)
    .default(60),
  RETENTION_MONTHS_AFTER_AWARD: z.coerce
    .number()
    .int()
    .min(0)
    .max(50 * 12)
    .default(0),
  RETENTION_WARNING_DAYS: z.coerce.number().int().min(0).max(365).default(30),
});

/** Called by config.ts; an invalid value stops the server with a message naming it. */
export function loadConsentConfig(env: Record<string, string | undefined>): ConsentConfig {
  const parsed = consentEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return {
    consentValidityMonths: parsed.data.CONSENT_VALIDITY_MONTHS,
    retentionMonthsAfterAward: parsed.data.RETENTION_MONTHS_AFTER_AWARD || null,
    retentionWarningDays: parsed.data.RETENTION_WARNING_DAYS,
  };
}
