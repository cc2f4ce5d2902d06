import type { EvidenceFilesResult } from './evidenceFiles.ts';
import type { BenchOptions } from './options.ts';
import { fmt, type SummaryLine, table } from './report.ts';

/** The evidence-files scenario's tables and summary lines (issue 13); PRODUCT sets no target for either figure. */

const MIB = 1024 * 1024;

export function uploadTable(results: EvidenceFilesResult[]): string {
  const rows = results.flatMap((r) =>
    r.uploads.map((u) => [
      r.serverName,
      u.concurrency === 1 ? 'one at a time' : `${u.concurrency} at once`,
      `${u.files} × ${fmt(u.bytes / u.files / MIB, 1)} MiB`,
      fmt(u.wallMs, 0),
      fmt(u.mibPerSecond, 2),
      fmt(u.latencyMs.p50, 0),
      fmt(u.latencyMs.max, 0),
    ]),
  );
  return table(['server', 'uploads', 'files', 'wall ms', 'MiB/s', 'p50 ms', 'max ms'], rows, 3);
}

export function evidenceDocumentTable(results: EvidenceFilesResult[]): string {
  const rows = results.map(({ serverName, evidence: e }) => [
    serverName,
    `${e.exhibits} / ${e.attachedPages}`,
    e.runsMs.join(', '),
    fmt(e.minMs, 0),
    fmt(e.medianMs, 0),
    fmt(e.pdfBytes / MIB, 2),
    `${e.pdfPages}${e.pdfPages >= e.expectedMinPages ? '' : ` (< ${e.expectedMinPages})`}`,
    `${fmt(e.serverRssPeakMiB)} / ${fmt(e.serverCpuPercent, 0)}`,
    `${fmt(e.uploadMs, 0)} / ${fmt(e.writeMs, 0)}`,
  ]);
  return table(
    [
      'server',
      'exhibits / pages',
      'runs ms',
      'min ms',
      'median ms',
      'MiB',
      'pages',
      'srv RSS peak MiB / CPU%',
      'set-up: upload / write ms',
    ],
    rows,
    2,
  );
}

/** Reported figures; the page count is checked (a document short of pages left exhibits out). */
export function evidenceFilesSummary(
  results: EvidenceFilesResult[],
  options: Pick<BenchOptions, 'only' | 'servers'>,
  errors: { step: string }[],
): SummaryLine[] {
  const lines: SummaryLine[] = [];
  for (const r of results) {
    const figure = r.uploads
      .map(
        (u) => `${u.concurrency === 1 ? 'one at a time' : `${u.concurrency} at once`} ${fmt(u.mibPerSecond, 2)} MiB/s`,
      )
      .join('; ');
    const first = r.uploads[0];
    const size = first ? `${first.files} × ${fmt(first.bytes / first.files / MIB, 1)} MiB PDFs` : 'PDFs';
    lines.push({ label: `Upload throughput, ${size} (${r.serverName})`, figure, target: 'reported', verdict: 'INFO' });
    const e = r.evidence;
    lines.push({
      label: `Evidence document, ${e.exhibits} exhibits / ${e.attachedPages} attached pages (${r.serverName})`,
      figure: `median ${fmt(e.medianMs, 0)} ms (min ${fmt(e.minMs, 0)}, ${e.runsMs.length} runs); ${e.pdfPages} pages, ${fmt(e.pdfBytes / MIB, 2)} MiB`,
      target: `reported; ≥ ${e.expectedMinPages} pages`,
      verdict: e.pdfPages >= e.expectedMinPages ? 'PASS' : 'FAIL',
    });
  }
  if (options.only.includes('evidence-files')) {
    for (const server of options.servers) {
      if (server === 'reference' || results.some((r) => r.serverName === server)) continue;
      if (errors.some((e) => e.step === `evidence-files: ${server}`)) {
        lines.push({
          label: `Uploads and evidence document (${server})`,
          figure: '—',
          target: 'reported',
          verdict: 'ERROR',
        });
      }
    }
  }
  return lines;
}
