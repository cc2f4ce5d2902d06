import { z } from 'zod';
import type { ActorDto } from './apiTypes.ts';
import { isIsoDate } from './documentItems.ts';
import { safeMultiLine } from './safeText.ts';

/**
 * After submitting (issue 17 item 4): what became of an entry once it was
 * sent to the award's own portal, and what the judges wrote. A lead records
 * it, only on an entry that has a submitted version; every member reads it.
 */

/** The stages an entry goes through after Jointly, in the order they happen. */
export const OUTCOME_STAGES = [
  'submitted_on_portal',
  'shortlisted',
  'not_shortlisted',
  'finalist',
  'highly_commended',
  'winner',
] as const;
export type OutcomeStage = (typeof OUTCOME_STAGES)[number];

/**
 * The finalist stage (presenters, rehearsal notes, the co-written outline) is open while the
 * recorded outcome is "finalist": before it, and once a deciding outcome replaces it, it is closed.
 */
export function finalistStageOpens(stage: string | null | undefined): boolean {
  return stage === 'finalist';
}

export const OUTCOME_STAGE_LABELS: Record<OutcomeStage, string> = {
  submitted_on_portal: 'Submitted on the award’s portal',
  shortlisted: 'Shortlisted',
  not_shortlisted: 'Not shortlisted',
  finalist: 'Finalist',
  highly_commended: 'Highly commended',
  winner: 'Winner',
};

/** The judges' written feedback: a few pages of plain text at most (bounded: it is stored and sent to every member). */
export const OUTCOME_FEEDBACK_MAX_CHARS = 10_000;

/**
 * PUT /api/entries/:id/outcome: the whole outcome, replacing the last one.
 * `portalSubmittedOn` is the day the entry went in on the organiser's portal
 * (an ISO date); every stage after that keeps it, so it may be given with any.
 */
export const entryOutcomeBody = z.strictObject({
  stage: z.enum(OUTCOME_STAGES, 'Choose what happened to the entry'),
  portalSubmittedOn: z
    .string()
    .refine(isIsoDate, 'Enter the date it was submitted on the portal as a real date, for example 2026-03-14')
    .nullable(),
  feedback: safeMultiLine().max(
    OUTCOME_FEEDBACK_MAX_CHARS,
    `The judges’ feedback must be at most ${OUTCOME_FEEDBACK_MAX_CHARS.toLocaleString('en-GB')} characters`,
  ),
});
export type EntryOutcomeBody = z.input<typeof entryOutcomeBody>;

/** An entry's outcome as recorded, with who recorded it last and when. */
export type EntryOutcomeDto = {
  stage: OutcomeStage;
  portalSubmittedOn: string | null;
  feedback: string;
  recordedBy: ActorDto;
  recordedAt: string;
};

/** GET /api/entries/:id/outcome: the outcome (null until one is recorded) and whether one may be. */
export type EntryOutcomeStateDto = {
  outcome: EntryOutcomeDto | null;
  /** An outcome needs a submitted version of the entry (409 `no_submitted_version` otherwise). */
  hasSubmittedVersion: boolean;
};

/** PUT /api/entries/:id/publication (leads): whether every export's footer says "NOT FOR PUBLICATION". */
export const publicationBody = z.strictObject({ notForPublication: z.boolean() });
export type PublicationBody = z.input<typeof publicationBody>;
export type PublicationDto = { notForPublication: boolean };

/** What every export's footer starts with while the entry is marked not for publication. */
export const NOT_FOR_PUBLICATION_TEXT = 'NOT FOR PUBLICATION';
