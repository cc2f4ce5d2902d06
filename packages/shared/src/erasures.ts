import { z } from 'zod';
import type { ActorDto } from './apiTypes.ts';
import { ITEM_ID_PATTERN } from './documentItems.ts';
import { safeMultiLine } from './safeText.ts';

/**
 * Erasure of a person's personal data (issue 18 item 2, RELIABILITY M80): a
 * lead asks for the subject of a testimonial to be erased, with a reason;
 * the server removes their fields from the live document, its stored
 * history, the consent record that is theirs, its files, and every
 * submitted version, which is re-attested (its hash recomputed over the
 * redacted content, the old hash kept in the record).
 */

/** What an erased text field reads afterwards: visible, so the exhibit and its citations still resolve. */
export const ERASED_PLACEHOLDER = '[redacted]';

/** The testimonial's fields that name or describe the person (paths in the item map). */
export const TESTIMONIAL_PERSONAL_FIELDS = ['personName', 'personRole', 'personOrganisation', 'quote'] as const;

/** Paths inside the testimonial's `consent` object that are the person's (the evidence forms are files). */
export const TESTIMONIAL_CONSENT_PERSONAL_FIELDS = ['consent.howRecorded', 'consent.forms'] as const;

/** Why an erasure was made: asked for by a lead, or the deployment's retention period ran out. */
export const ERASURE_KINDS = ['request', 'retention'] as const;
export type ErasureKind = (typeof ERASURE_KINDS)[number];

/** POST /api/entries/:id/erasures */
export const erasureRequestBody = z.strictObject({
  itemId: z.string().regex(ITEM_ID_PATTERN, 'Name a testimonial of this entry by its id'),
  reason: safeMultiLine()
    .transform((value) => value.trim())
    .pipe(z.string().min(1, 'Say why this person’s data is erased').max(1000, 'At most 1,000 characters')),
});
export type ErasureRequestBody = z.input<typeof erasureRequestBody>;

/** A submitted version re-attested after the erasure: its hash before and after. */
export type ErasedVersionDto = { version: number; previousHash: string; newHash: string };

/** One erasure as recorded (GET /api/entries/:id/erasures, newest first). */
export type ErasureDto = {
  id: string;
  itemId: string;
  kind: ErasureKind;
  reason: string;
  /** The lead who asked; null for an erasure the retention period made. */
  erasedBy: ActorDto | null;
  erasedAt: string;
  /** Field paths redacted in the testimonial (and `consentRecord.*` for the consent record's). */
  fields: string[];
  /** The consent record redacted with it, if the testimonial used one. */
  consentRecordId: string | null;
  /** Files removed (their rows; a blob also goes when no other record uses its bytes). */
  filesRemoved: number;
  versions: ErasedVersionDto[];
};

export type ErasureListDto = { erasures: ErasureDto[] };
