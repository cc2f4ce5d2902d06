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
): { code: typeof ErrorCode.sectionEmpty | typeof ErrorCode.sectionOverWordLimit; message: string } | null {
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
  return null;
}

/** Throws the 409 of `approvalRefusal` when the section may not be approved as it is. */
export function assertApprovable(section: { title: string; wordLimit: number }, words: number): void {
  const refusal = approvalRefusal(section, words);
  if (refusal) throw conflict(refusal.code, refusal.message);
}
