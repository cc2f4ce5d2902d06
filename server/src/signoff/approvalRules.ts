import { ErrorCode } from '@jointly/shared';
import { conflict } from '../http/HttpError.ts';

/**
 * S-APPROVE-4: what a lead may approve. An approval says "this is what the
 * judges should read", so a section with no words, or one over its word
 * limit (which submission refuses anyway, S-SUBMIT-1), cannot be approved.
 * The client shows the same reason beside the button before it is pressed
 * (`approvalBlocker`, same wording), so the 409 is the server's guard, not the
 * first a lead hears of it.
 */
export function approvalRefusal(
  section: { title: string; wordLimit: number },
  words: number,
  suggestions = 0,
): {
  code: typeof ErrorCode.sectionEmpty | typeof ErrorCode.sectionOverWordLimit | typeof ErrorCode.sectionHasSuggestions;
  message: string;
} | null {
  if (words === 0) {
    return {
      code: ErrorCode.sectionEmpty,
      message: `“${section.title}” has no text yet, so there is nothing to approve. Write the section first.`,
    };
  }
  if (words > section.wordLimit) {
    return {
      code: ErrorCode.sectionOverWordLimit,
      message: `“${section.title}” has ${words} words; the limit is ${section.wordLimit}. Cut ${words - section.wordLimit} before approving it.`,
    };
  }
  if (suggestions > 0) {
    return {
      code: ErrorCode.sectionHasSuggestions,
      message: `“${section.title}” has ${suggestions === 1 ? 'a suggestion' : `${suggestions} suggestions`} waiting. Accept or reject ${suggestions === 1 ? 'it' : 'them'} before approving the section.`,
    };
  }
  return null;
}

/** Throws the 409 of `approvalRefusal` when the section may not be approved as it is. */
export function assertApprovable(section: { title: string; wordLimit: number }, words: number, suggestions = 0): void {
  const refusal = approvalRefusal(section, words, suggestions);
  if (refusal) throw conflict(refusal.code, refusal.message);
}
