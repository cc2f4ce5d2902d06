import { z } from 'zod';
import { IDEMPOTENCY_KEY_MAX_CHARS } from '../config.ts';

/** Validation of the sign-off routes' parameters and headers (beside signoffRoutes.ts). */

/** A template section id (a slug). */
export const sectionIdParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Not a valid section id')
  .max(100);

/** A submitted version number: 1, 2, … */
export const versionParam = z.coerce.number().int().min(1).max(1_000_000);

/** The optional `Idempotency-Key` header of a submit: printable ASCII, no spaces. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]+$/, 'Use printable characters without spaces')
  .max(IDEMPOTENCY_KEY_MAX_CHARS)
  .optional();
