import { checkCsv } from './checkCsv.ts';
import { checkImage } from './checkImage.ts';
import { checkOoxml } from './checkOoxml.ts';
import { checkPdf } from './checkPdf.ts';
import type { InspectionLimits } from './inspectionLimits.ts';
import type { Inspection } from './inspectUpload.ts';
import { sniffKind } from './sniffKind.ts';

/** The inspection itself, run inside the worker (inspectUpload.ts runs it there with a time limit). */
export async function inspectFile(path: string, limits: InspectionLimits): Promise<Inspection> {
  const sniffed = await sniffKind(path);
  if ('ok' in sniffed) return sniffed;
  switch (sniffed.kind) {
    case 'pdf':
      return checkPdf(path, limits);
    case 'png':
    case 'jpeg':
      return checkImage(path, sniffed.kind, limits);
    case 'ooxml':
      return checkOoxml(path, limits);
    case 'text':
      return checkCsv(path, limits);
  }
}
