import type { Exhibit, WithheldExhibit } from './exhibits.ts';

/**
 * The exhibit numbers judges see. The app's labels (E1, E2, …) are stable and
 * never reused, so deleting E7 leaves a gap that looks to a judge like a
 * missing exhibit. Every judge-facing output (criteria PDF and DOCX,
 * supporting-evidence PDF, judge view) numbers the exhibits it includes
 * E1..En in the order it shows them (the exhibits, then the withheld ones)
 * and rewrites every citation through this one mapping, so they all agree.
 * Anything that turns a label into judge-facing text (citation chips, typed
 * references such as "see E4") must go through `judgeLabelOf`.
 */
export type JudgeNumbering = ReadonlyMap<string, string>;

/** App label → judge label, for the labelled exhibits of `model` in the order it lists them. */
export function judgeNumbering(model: {
  exhibits: readonly { label: string | null }[];
  withheld: readonly { label: string | null }[];
}): Map<string, string> {
  const numbering = new Map<string, string>();
  for (const { label } of [...model.exhibits, ...model.withheld]) {
    // A label not yet assigned has nothing to cite it by; a repeated one keeps its first number.
    if (label === null || numbering.has(label)) continue;
    numbering.set(label, `E${numbering.size + 1}`);
  }
  return numbering;
}

/** The judge label of an app label (null when the output does not include that exhibit). */
export function judgeLabelOf(numbering: JudgeNumbering, label: string | null): string | null {
  return label === null ? null : (numbering.get(label) ?? null);
}

/** The exhibits with their judge labels instead of the app's, and the mapping used. */
export function numberForJudges<T extends { exhibits: Exhibit[]; withheld: WithheldExhibit[] }>(
  model: T,
): T & { numbering: JudgeNumbering } {
  const numbering = judgeNumbering(model);
  const relabel = <E extends { label: string | null }>(exhibit: E): E => ({
    ...exhibit,
    label: judgeLabelOf(numbering, exhibit.label),
  });
  return { ...model, exhibits: model.exhibits.map(relabel), withheld: model.withheld.map(relabel), numbering };
}
