import { FILE_TYPES, type FileKind } from '@jointly/shared';

export type NamedFile = { ok: true; name: string } | { ok: false; reason: string };

/**
 * The display name of an upload whose bytes are `kind` (RELIABILITY H52, issue 13: "a PNG named
 * .pdf is refused"). The bytes decide what a file is, but a name that says otherwise is refused:
 * whoever downloads it would open it with the wrong program, and a mismatch is how a disguised
 * file usually shows. A name without an extension gets the kind's, so downloads open as what they
 * are. Only the last dot counts, so "Q3 v2.1 report.pdf" is a PDF name.
 */
export function nameForKind(name: string, kind: FileKind): NamedFile {
  const type = FILE_TYPES[kind];
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot).toLowerCase() : '';
  // "Minutes 12.03" or "v2.1 draft": a "extension" with a space or nothing but digits is part of the name.
  const hasExtension = /^\.[a-z0-9]{1,10}$/.test(extension) && !/^\.\d+$/.test(extension);
  if (!hasExtension) return { ok: true, name: `${name}${type.extensions[0]}` };
  if ((type.extensions as readonly string[]).includes(extension)) return { ok: true, name };
  return {
    ok: false,
    reason: `"${name}" is named as ${describe(extension)} but it is ${article(type.label)}. Rename it to end in ${type.extensions[0]}, or attach the file you meant.`,
  };
}

function describe(extension: string): string {
  for (const type of Object.values(FILE_TYPES)) {
    if ((type.extensions as readonly string[]).includes(extension)) return article(type.label);
  }
  return `a ${extension} file`;
}

function article(label: string): string {
  return /^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`;
}
