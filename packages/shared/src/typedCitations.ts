/**
 * References to exhibits typed or pasted as plain text (issue 11 item 1):
 * drafts arrive from Word with "see E4" typed, not as citation chips, and
 * they must count as citations as chips do (citations.ts). Only the forms a
 * writer uses to refer to an exhibit are recognised, so an ordinary "E4"
 * (a postcode, a grade) is not taken for one:
 *
 * - after "see" (any case; "see also", "see exhibit" too): "see E4", "see E4, E5 and E7";
 * - alone in brackets: "(E4)", "(E4, E5)", "(E4–E6)";
 * - a range: "E4–E6" / "E4-E6" (E4, E5, E6);
 * - a list of two or more: "E4, E5", "E4 and E5", "E4 & E5";
 * - a list or range going on after a citation chip: "[see E4], E5", "[see E4]–E6".
 *
 * A label is "E" and a number, not inside a word or number ("E4x", "HE4",
 * "E4.5" are not labels), and never across a line break.
 */

/**
 * What stands for a citation chip in the text typed references are looked for
 * in (the object replacement character): not a space or a label, so a
 * reference never reaches across a chip, but a list may go on after one
 * ("see E4" made a chip, then ", E5" typed). The editor uses the same.
 */
export const CITATION_ATOM_TEXT = '\uFFFC';

export type TypedReference = {
  /** The label referred to, normalised ("E04" → "E4"). */
  label: string;
  /** Offsets in the text of what refers to it: the label itself, or the whole range for a label inside one. */
  start: number;
  end: number;
};

/** A range wider than this is read as its two ends only: "E1–E900" is a slip, not 900 citations. */
export const MAX_TYPED_RANGE = 50;

const SPACE = '[ \\t\\u00a0]';
const LABEL = '(?<![\\p{L}\\p{N}_])E\\p{N}{1,6}(?![\\p{L}\\p{N}_])(?![.,]\\p{N})';
// Hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus: Word turns one into another.
const DASH = `${SPACE}*[-\\u2010\\u2011\\u2012\\u2013\\u2014\\u2212]${SPACE}*`;
const ITEM = `${LABEL}(?:${DASH}${LABEL})?`;
const SEPARATOR = `(?:${SPACE}*[,;&]${SPACE}*(?:and${SPACE}+)?|${SPACE}+and${SPACE}+)`;
const GROUP = new RegExp(`${ITEM}(?:${SEPARATOR}${ITEM})*`, 'gu');
const ITEM_IN_GROUP = new RegExp(`(${LABEL})(?:${DASH}(${LABEL}))?`, 'gu');
const SEE_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}_])see(?:${SPACE}+also)?(?:${SPACE}+exhibits?)?${SPACE}+$`, 'iu');
const OPEN_BEFORE = new RegExp(`\\(${SPACE}*$`, 'u');
// A list or range going on after a citation chip ("see E4" as a chip, then ", E5" or "–E6" typed).
const CHIP_BEFORE = new RegExp(`${CITATION_ATOM_TEXT}(?:${SEPARATOR}|${DASH})$`, 'u');
const CLOSE_AFTER = new RegExp(`^${SPACE}*\\)`, 'u');
/** How far back "see" or "(" is looked for: enough for "see also exhibits ". */
const LOOK_BACK_CHARS = 40;

const labelNumber = (token: string) => Number(token.slice(1));

/** Every typed reference to an exhibit in `text`, in order, with where it is. */
export function findTypedReferences(text: string): TypedReference[] {
  const found: TypedReference[] = [];
  for (const group of text.matchAll(GROUP)) {
    const groupStart = group.index;
    const groupEnd = groupStart + group[0].length;
    const items = [...group[0].matchAll(ITEM_IN_GROUP)];
    const hasRange = items.some((item) => item[2] !== undefined);
    const before = text.slice(Math.max(0, groupStart - LOOK_BACK_CHARS), groupStart);
    const introduced =
      SEE_BEFORE.test(before) ||
      CHIP_BEFORE.test(before) ||
      (OPEN_BEFORE.test(before) && CLOSE_AFTER.test(text.slice(groupEnd)));
    if (!introduced && !hasRange && items.length < 2) continue;
    for (const item of items) {
      const first = item[1]!;
      const last = item[2];
      const start = groupStart + item.index;
      if (last === undefined) {
        found.push({ label: `E${labelNumber(first)}`, start, end: start + first.length });
        continue;
      }
      const end = start + item[0].length;
      const from = labelNumber(first);
      const to = labelNumber(last);
      const lastStart = end - last.length;
      if (to < from || to - from > MAX_TYPED_RANGE) {
        found.push({ label: `E${from}`, start, end: start + first.length });
        found.push({ label: `E${to}`, start: lastStart, end });
        continue;
      }
      for (let n = from; n <= to; n += 1) {
        if (n === from) found.push({ label: `E${n}`, start, end: start + first.length });
        else if (n === to) found.push({ label: `E${n}`, start: lastStart, end });
        else found.push({ label: `E${n}`, start, end });
      }
    }
  }
  return found;
}

const SEE_ONE = new RegExp(`(?<![\\p{L}\\p{N}_])[Ss][Ee][Ee][ \\u00a0](${LABEL})`, 'gu');
const GOES_ON = new RegExp(`^(?:${SEPARATOR}|${DASH})${LABEL}`, 'u');

/**
 * The references a citation chip can replace word for word: "see E4" (a chip
 * reads "see E4"), one label, not the start of a list or range, with the
 * offsets of "see" and the end of the label. Other forms ("(E4)", "E4–E6")
 * stay text: a chip would change what they say, and they count as they are.
 */
export function findChipReferences(text: string): TypedReference[] {
  const found: TypedReference[] = [];
  for (const match of text.matchAll(SEE_ONE)) {
    const end = match.index + match[0].length;
    if (GOES_ON.test(text.slice(end))) continue;
    found.push({ label: `E${labelNumber(match[1]!)}`, start: match.index, end });
  }
  return found;
}

/**
 * `text` with each typed label rewritten by `relabel` (kept where it gives
 * null): for outputs that number exhibits their own way (judgeNumbering.ts),
 * so "see E4–E8" reads with the numbers the judges see. Only the labels as
 * written are rewritten, never the labels a range implies.
 */
export function relabelTypedReferences(text: string, relabel: (label: string) => string | null): string {
  let out = '';
  let at = 0;
  for (const reference of findTypedReferences(text)) {
    if (!/^E\p{N}+$/u.test(text.slice(reference.start, reference.end))) continue;
    const replacement = relabel(reference.label);
    if (replacement === null) continue;
    out += text.slice(at, reference.start) + replacement;
    at = reference.end;
  }
  return out + text.slice(at);
}
