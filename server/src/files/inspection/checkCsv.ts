import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { InspectionLimits } from './inspectionLimits.ts';
import type { Inspection } from './inspectUpload.ts';
import { notAllowed, refused } from './refusal.ts';

/**
 * A file with no known signature may be a CSV table: text (UTF-8, or
 * Windows-1252 as older Excel writes it), with no NUL or other control
 * characters, not markup (HTML, SVG and XML start with `<` and are not
 * allowed), and parseable as CSV (csv-parse; ragged rows allowed, as
 * spreadsheets write them) within the row and column limits.
 */
export async function checkCsv(path: string, limits: InspectionLimits): Promise<Inspection> {
  const bytes = await readFile(path);
  if (hasControlBytes(bytes)) return notAllowed();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  text = text.replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (start === '') return refused('The file is empty.');
  if (start.startsWith('<')) return notAllowed('a web page, SVG image or XML document'); // also refused by sniffKind
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true, to: limits.csvRows + 1 });
  } catch (err) {
    const detail = err instanceof Error ? (err.message.split('\n')[0] ?? '') : '';
    return refused(`The file cannot be read as a CSV table (${detail.replace(/\.$/, '')}).`);
  }
  if (records.length > limits.csvRows)
    return refused(`The CSV table has over ${limits.csvRows.toLocaleString('en-GB')} rows.`);
  if (records.some((record) => record.length > limits.csvColumns)) {
    return refused(`The CSV table has rows of over ${limits.csvColumns.toLocaleString('en-GB')} columns.`);
  }
  return { ok: true, kind: 'csv', mime: 'text/csv' };
}

/** NUL and the C0 controls other than tab, line feed, form feed and carriage return (the same bytes in UTF-8 and Windows-1252) mean a binary file. */
function hasControlBytes(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x7f || (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d)) return true;
  }
  return false;
}
