import { z } from 'zod';
import { ANCHOR_POSITION_MAX_CHARS } from './commentAnchors.ts';
import { safeSingleLine } from './safeText.ts';

/**
 * A viewer may suggest (issue 14 item 3, COLLAB_PROTOCOL C-SUGGEST-5): a
 * lead's choice per entry. A viewer's socket stays read-only; the viewer asks
 * the server to propose replacing some words of one paragraph, and the server
 * writes the `deletion` and `insertion` marks itself, attributed to them.
 */

/** Longest proposed replacement text: a sentence or two, not a section. */
export const SUGGESTED_TEXT_MAX_CHARS = 1000;

/** PATCH /api/entries/:id/settings (leads only). */
export const entrySettingsBody = z.strictObject({ viewersMaySuggest: z.boolean() });
export type EntrySettingsBody = z.input<typeof entrySettingsBody>;
export type EntrySettingsDto = { viewersMaySuggest: boolean };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const SELECT_AGAIN = 'Select the words to change again';
const position = z
  .string()
  .min(4, SELECT_AGAIN)
  .max(ANCHOR_POSITION_MAX_CHARS, SELECT_AGAIN)
  .regex(BASE64, SELECT_AGAIN);

/**
 * POST /api/entries/:id/sections/:sectionId/suggestions: replace the words
 * between `from` and `to` (Yjs relative positions into the section, base64, as
 * comment anchors are) by `text`; empty `text` proposes removing them.
 */
export const suggestChangeBody = z.strictObject({
  from: position,
  to: position,
  text: safeSingleLine().max(
    SUGGESTED_TEXT_MAX_CHARS,
    `The replacement must be at most ${SUGGESTED_TEXT_MAX_CHARS} characters`,
  ),
});
export type SuggestChangeBody = z.input<typeof suggestChangeBody>;

/** The suggestion the server wrote: one id for its deletion and its insertion. */
export type SuggestedChangeDto = { id: string; sectionId: string };
