import { FILE_TYPES } from '@jointly/shared';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { InspectionLimits } from './inspectionLimits.ts';
import type { Inspection } from './inspectUpload.ts';
import { notAllowed, refused } from './refusal.ts';

/**
 * Word, Excel and PowerPoint files are ZIPs of XML parts. The ZIP's central
 * directory is read (yauzl) without inflating anything, so a zip bomb is
 * refused by what it declares: the total uncompressed size, the number of
 * entries, and any large entry's compression ratio. The one part read,
 * `[Content_Types].xml`, is inflated with its bytes counted and cut off past
 * a small limit, so a part that lies about its size cannot expand either
 * (yauzl also fails a part that inflates past its declared size).
 */

const OFFICE = [
  { kind: 'docx', part: 'word/document.xml', contentType: 'wordprocessingml.document.main+xml' },
  { kind: 'xlsx', part: 'xl/workbook.xml', contentType: 'spreadsheetml.sheet.main+xml' },
  { kind: 'pptx', part: 'ppt/presentation.xml', contentType: 'presentationml.presentation.main+xml' },
] as const;
const MACROS = /(^|\/)vbaProject\.bin$|(^|\/)activeX\//i;
const SLIDE = /^ppt\/slides\/slide\d+\.xml$/;
const LARGE_ENTRY = 1024 * 1024;

class Refusal extends Error {
  constructor(readonly inspection: Inspection) {
    super('refused');
  }
}

export async function checkOoxml(path: string, limits: InspectionLimits): Promise<Inspection> {
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch {
    return refused(
      'The file starts like a ZIP-based Office document but its directory cannot be read; it may be damaged.',
    );
  }
  try {
    if (zip.entryCount > limits.zipEntries) {
      return refused(
        `The file holds ${zip.entryCount} parts; Office documents of up to ${limits.zipEntries} are accepted.`,
      );
    }
    const entries = await readDirectory(zip, limits);
    const names = new Set(entries.map((entry) => entry.fileName));
    const office = OFFICE.find(({ part }) => names.has(part));
    const contentTypes = entries.find((entry) => entry.fileName === '[Content_Types].xml');
    if (!office || !contentTypes) return notAllowed('a ZIP archive, not a Word, Excel or PowerPoint document');
    const label = FILE_TYPES[office.kind].label;
    if (entries.some((entry) => MACROS.test(entry.fileName))) {
      return refused(
        `The ${label} contains macros or ActiveX controls. Save it without them (as .docx, .xlsx or .pptx) and attach that.`,
      );
    }
    const types = await readPart(zip, contentTypes, limits.zipPartReadBytes);
    if (/macroEnabled/i.test(types)) {
      return refused(
        `The ${label} is macro-enabled. Save it without macros (as .docx, .xlsx or .pptx) and attach that.`,
      );
    }
    if (!types.includes(office.contentType))
      return refused(`The file is laid out like a ${label} but does not declare itself one.`);
    const slides = office.kind === 'pptx' ? entries.filter((entry) => SLIDE.test(entry.fileName)).length : 0;
    return {
      ok: true,
      kind: office.kind,
      mime: FILE_TYPES[office.kind].mime,
      ...(slides > 0 ? { pages: slides } : {}),
    };
  } catch (err) {
    if (err instanceof Refusal) return err.inspection;
    return refused('The Office document is damaged: its parts cannot be read.');
  } finally {
    zip.close();
  }
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      path,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (err, zip) => (err ? reject(err) : resolve(zip)),
    );
  });
}

/** Every entry of the central directory, refusing as soon as the declared sizes pass a limit. */
function readDirectory(zip: ZipFile, limits: InspectionLimits): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = [];
    let total = 0;
    zip.on('error', reject);
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: Entry) => {
      if (entry.isEncrypted()) {
        reject(
          new Refusal(refused('The Office document is password-protected. Save an unprotected copy and attach that.')),
        );
        return;
      }
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (
        total > limits.zipUncompressedBytes ||
        (entry.uncompressedSize > LARGE_ENTRY && ratio > limits.zipEntryRatio)
      ) {
        reject(new Refusal(zipBomb()));
        return;
      }
      entries.push(entry);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

function zipBomb(): Inspection {
  return refused('The file expands to far more than its size (a “zip bomb”), so it was not opened.');
}

/** A part's text, inflating at most `maxBytes` whatever the part declares. */
function readPart(zip: ZipFile, entry: Entry, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length > maxBytes) {
          stream.destroy();
          reject(new Refusal(zipBomb()));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (error) => reject(/too many bytes/.test(String(error)) ? new Refusal(zipBomb()) : error));
      stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  });
}
