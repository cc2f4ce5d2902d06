import { z } from 'zod';
import type { ActorDto } from './apiTypes.ts';
import { isIsoDate } from './documentItems.ts';
import { safeMultiLine } from './safeText.ts';

/**
 * The finalist stage (issue 17 item 4): once a lead records the outcome
 * "finalist", the partners prepare a presentation to the judges. A lead sets
 * the time limit and chooses the presenters from the entry's members (any
 * organisation); contributors and leads add dated rehearsal notes; every
 * member reads it all.
 */

/** The speaking pace a stage starts with until a lead sets another: a calm presentation's. */
export const DEFAULT_WORDS_PER_MINUTE = 130;
export const PRESENTERS_MAX = 8;
export const REHEARSAL_NOTE_MAX_CHARS = 4000;
/** Notes one entry may hold (bounded: every member reads them all). */
export const REHEARSAL_NOTES_MAX = 500;

/** PUT /api/entries/:id/finalist (leads): the whole stage's settings, replacing the last. */
export const finalistStageBody = z.strictObject({
  timeLimitMinutes: z
    .number('Enter the time limit in minutes')
    .int('Enter the time limit as whole minutes')
    .min(1, 'The time limit must be at least 1 minute')
    .max(120, 'The time limit must be at most 120 minutes'),
  wordsPerMinute: z
    .number('Enter a speaking pace in words per minute')
    .int('Enter the pace as a whole number of words per minute')
    .min(60, 'The pace must be at least 60 words per minute')
    .max(220, 'The pace must be at most 220 words per minute'),
  presenterIds: z
    .array(z.string().min(1).max(64))
    .max(PRESENTERS_MAX, `Choose at most ${PRESENTERS_MAX} presenters`)
    .refine((ids) => new Set(ids).size === ids.length, 'Choose each presenter once'),
});
export type FinalistStageBody = z.input<typeof finalistStageBody>;

/** POST /api/entries/:id/finalist/notes (leads and contributors): a rehearsal note. */
export const rehearsalNoteBody = z.strictObject({
  rehearsedOn: z.string().refine(isIsoDate, 'Enter the rehearsal date as a real date, for example 2026-06-14'),
  note: safeMultiLine()
    .refine((text) => text.trim() !== '', 'Write the note')
    .refine(
      (text) => text.length <= REHEARSAL_NOTE_MAX_CHARS,
      `A note must be at most ${REHEARSAL_NOTE_MAX_CHARS.toLocaleString('en-GB')} characters`,
    ),
});
export type RehearsalNoteBody = z.input<typeof rehearsalNoteBody>;

export type RehearsalNoteDto = { id: string; rehearsedOn: string; note: string; author: ActorDto; createdAt: string };

/** GET /api/entries/:id/finalist: the stage (open while the outcome is "finalist"), as every member reads it. */
export type FinalistStageDto = {
  /** Changes are taken only while the recorded outcome is "finalist" (409 `finalist_stage_closed` otherwise). */
  open: boolean;
  timeLimitMinutes: number | null;
  wordsPerMinute: number;
  presenters: ActorDto[];
  notes: RehearsalNoteDto[];
};
