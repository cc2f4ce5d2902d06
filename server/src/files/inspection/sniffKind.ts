import { open } from 'node:fs/promises';
import { fileTypeFromBuffer } from 'file-type';
import type { Inspection } from './inspectUpload.ts';
import { notAllowed, refused } from './refusal.ts';

/**
 * What the first bytes say a file is (magic bytes via file-type), and the
 * polyglot rule. Office files are ZIPs; which Office kind a ZIP is, is
 * decided from its directory (checkOoxml.ts). Text (no known signature) may
 * be a CSV (checkCsv.ts).
 */
export type Sniffed = { kind: 'pdf' | 'png' | 'jpeg' | 'ooxml' | 'text'; head: Buffer; size: number };

const HEAD_BYTES = 64 * 1024;
/** A ZIP's end record (22 bytes) sits within the last 22 + 65,535 (its longest comment) bytes. */
const TAIL_BYTES = 22 + 0xffff;
const ZIP_KINDS = new Set(['zip', 'docx', 'xlsx', 'pptx', 'docm', 'xlsm', 'pptm', 'dotx', 'xltx', 'potx']);

/** What other kinds are, for the refusal sentence. */
const DESCRIPTIONS: Record<string, string> = {
  gif: 'a GIF image',
  webp: 'a WebP image',
  heic: 'a HEIC image',
  avif: 'an AVIF image',
  tif: 'a TIFF image',
  bmp: 'a BMP image',
  exe: 'a Windows program',
  elf: 'a Linux program',
  macho: 'a macOS program',
  xml: 'an XML document',
  html: 'a web page',
};

/**
 * Markup a browser or an old sniffer would run as a web page. Browsers sniff
 * only a file's start, but Internet Explorer looked at its first 256 bytes
 * and PDF readers accept `%PDF-` anywhere in the first 1,024: a file whose
 * first KiB is also HTML or SVG is a polyglot made to be read two ways.
 */
const MARKUP = /<(!doctype\s+html|html|head|body|script|iframe|svg|object|embed)[\s>/]/i;
const POLYGLOT_WINDOW = 1024;

export async function sniffKind(path: string): Promise<Sniffed | Inspection> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    if (size === 0) return refused('The file is empty.');
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await file.read(head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(size, TAIL_BYTES));
    await file.read(tail, 0, tail.length, size - tail.length);

    const type = await fileTypeFromBuffer(head);
    let kind: Sniffed['kind'];
    if (!type) kind = 'text';
    else if (type.ext === 'pdf') kind = 'pdf';
    else if (type.ext === 'png' || type.ext === 'apng') kind = 'png';
    else if (type.ext === 'jpg') kind = 'jpeg';
    else if (ZIP_KINDS.has(type.ext)) kind = 'ooxml';
    else return notAllowed(DESCRIPTIONS[type.ext] ?? `a file of type ${type.ext.toUpperCase()}`);

    // The signature must be at the very start, not merely near it (file-type allows neither less).
    if (kind === 'pdf' && !head.subarray(0, 5).equals(Buffer.from('%PDF-'))) return notAllowed();
    const window = head.subarray(0, POLYGLOT_WINDOW).toString('latin1');
    // Text that starts with markup is HTML, SVG or XML, none of which is allowed (whatever else it says).
    if (kind === 'text' && /^(\xef\xbb\xbf)?\s*</.test(window))
      return notAllowed('a web page, SVG image or XML document');
    if (MARKUP.test(window)) {
      return refused(
        'The file also contains web page (HTML or SVG) markup near its start, so it could be read as a page; Jointly does not accept such files.',
      );
    }
    if (kind !== 'pdf' && window.includes('%PDF-')) {
      return refused(
        'The file also contains the start of a PDF, so it could be read as two different files; Jointly does not accept such files.',
      );
    }
    // A ZIP read from its end (as Java and unzip tools do) hidden behind a PDF or an image: a GIFAR-style polyglot.
    if (kind !== 'ooxml' && endsWithZip(tail)) {
      return refused(
        'The file has a ZIP archive appended to it, so it could be read as two different files; Jointly does not accept such files.',
      );
    }
    return { kind, head, size };
  } finally {
    await file.close();
  }
}

/** True when `tail` holds a ZIP end-of-central-directory record whose comment runs exactly to the end. */
function endsWithZip(tail: Buffer): boolean {
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== 0x06054b50) continue;
    if (tail.readUInt16LE(at + 20) === tail.length - at - 22) return true;
  }
  return false;
}
