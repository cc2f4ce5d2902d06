import { FILE_KINDS, FILE_TYPES } from '@jointly/shared';
import type { Inspection } from './inspectUpload.ts';

/** Refusals, in sentences shown to the uploader. */

const labels = FILE_KINDS.map((kind) => FILE_TYPES[kind].label);
const ALLOWED = `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;

/** 415: not one of the allowed kinds; `what` says what it is, when known ("a GIF image"). */
export function notAllowed(what?: string): Inspection {
  const found = what ? `This file is ${what}. ` : 'This file is not of a kind Jointly accepts. ';
  return { ok: false, status: 415, reason: `${found}You can attach files of these kinds: ${ALLOWED}.` };
}

/** 422: an allowed kind, refused for the reason given. */
export function refused(reason: string): Inspection {
  return { ok: false, status: 422, reason };
}
