import { EVIDENCE_KINDS, SHORT_FIELD_CHAR_LIMIT_MAX, SHORT_FIELDS_MAX, TESTIMONIAL_KINDS } from '@jointly/shared';
import { z } from 'zod';

/**
 * The schema of a category template (PRODUCT §2). Templates are data: one
 * JSON file per category in `categories/`, validated by this schema when the
 * package loads, so a bad file fails the build and the tests, not a user.
 */
const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens');

/**
 * What a finished section (or the whole entry) must contain. Evaluated live
 * by the client and again by the server before submission.
 */
export const coverageRuleSchema = z.discriminatedUnion('type', [
  z.strictObject({
    id: slug,
    type: z.literal('testimonialKinds'),
    /** At least one testimonial of each listed kind (linked to the section, for a section rule). */
    kinds: z.array(z.enum(TESTIMONIAL_KINDS)).min(1),
    description: z.string().min(1),
  }),
  z.strictObject({
    id: slug,
    type: z.literal('evidenceKinds'),
    /** At least one evidence item of any of the listed kinds. */
    kinds: z.array(z.enum(EVIDENCE_KINDS)).min(1),
    description: z.string().min(1),
  }),
  z.strictObject({
    id: slug,
    type: z.literal('baselineAndOutcome'),
    /** At least one evidence item with both a baseline and a result. */
    description: z.string().min(1),
  }),
  z.strictObject({
    id: slug,
    type: z.literal('voiceFromEveryOrganisation'),
    /** A testimonial contributed by (or about) every organisation on the entry. */
    description: z.string().min(1),
  }),
  z.strictObject({
    id: slug,
    type: z.literal('citesExhibit'),
    /** The section text cites at least one exhibit ("see E3"). */
    description: z.string().min(1),
  }),
]);
export type CoverageRule = z.infer<typeof coverageRuleSchema>;

export const sectionTemplateSchema = z.strictObject({
  id: slug,
  title: z.string().min(1),
  /** What this block of judging criteria is about, in one sentence. */
  summary: z.string().min(1),
  /** The questions judges ask, in our own words. */
  prompts: z.array(z.string().min(1)).min(1),
  wordLimit: z.number().int().positive(),
  coverage: z.array(coverageRuleSchema),
});
export type SectionTemplate = z.infer<typeof sectionTemplateSchema>;

/**
 * One of the award's short fields (issue 17 item 1): a project title or a
 * single-line answer, with a character limit (the socket enforces it) and
 * optionally a word limit (checked before submitting).
 */
export const shortFieldSchema = z.strictObject({
  id: slug,
  label: z.string().min(1),
  charLimit: z.number().int().positive().max(SHORT_FIELD_CHAR_LIMIT_MAX),
  wordLimit: z.number().int().positive().optional(),
  required: z.boolean(),
});
export type ShortFieldTemplate = z.infer<typeof shortFieldSchema>;

export const categoryTemplateSchema = z
  .strictObject({
    id: slug,
    programme: z.string().min(1),
    name: z.string().min(1),
    /** What the category recognises, in our own words. */
    description: z.string().min(1),
    /** Entry deadline as a UTC instant, or null when not yet announced. */
    deadline: z.iso.datetime().nullable(),
    eligibility: z.strictObject({
      /** The work must have been active within this many months of the deadline. */
      activeWithinMonths: z.number().int().positive(),
      /** Evidence must be dated within this many months of the deadline. */
      evidenceWithinMonths: z.number().int().positive(),
      /** Minimum age of the partnership in years, when the category sets one. */
      minimumPartnershipYears: z.number().int().positive().nullable(),
      notes: z.array(z.string().min(1)),
    }),
    supportingEvidence: z.strictObject({
      maxDocuments: z.number().int().nonnegative(),
      formats: z.array(z.enum(['pdf', 'docx'])).min(1),
      mustBeReferencedFromText: z.boolean(),
    }),
    sections: z.array(sectionTemplateSchema).min(1),
    /** Rules for the entry as a whole. */
    coverage: z.array(coverageRuleSchema),
    /** The award's short fields, shown above the sections (absent: none; issue 17 item 1). */
    shortFields: z.array(shortFieldSchema).max(SHORT_FIELDS_MAX).optional(),
  })
  .superRefine((template, ctx) => {
    const seen = new Set<string>();
    for (const section of template.sections) {
      if (seen.has(section.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate section id ${section.id}`, path: ['sections'] });
      }
      seen.add(section.id);
    }
    const fieldIds = new Set<string>();
    (template.shortFields ?? []).forEach((field, i) => {
      if (fieldIds.has(field.id)) {
        ctx.addIssue({
          code: 'custom',
          message: `duplicate short field id ${field.id}`,
          path: ['shortFields', i, 'id'],
        });
      }
      fieldIds.add(field.id);
    });
  });
export type CategoryTemplate = z.infer<typeof categoryTemplateSchema>;

/** Defined with the document's item layout in @jointly/shared; re-exported for the templates' users. */
export type { EvidenceKind, TestimonialKind } from '@jointly/shared';
export { EVIDENCE_KINDS, TESTIMONIAL_KINDS };
