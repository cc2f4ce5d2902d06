import type { FileKind } from '@jointly/shared';
import type { InspectionLimits } from './inspectionLimits.ts';

/**
 * The child process's entry (runInChildProcess.ts): it loads the parsers and
 * renderers, says it is ready, then answers jobs one at a time by IPC, each
 * with its id. Loading happens before `ready`, so no file's time limit pays
 * for it.
 */
export type WorkerJob =
  | { task: 'inspect'; path: string; limits: InspectionLimits }
  | { task: 'thumbnail'; path: string; kind: FileKind; maxSide: number };

const [{ inspectFile }, { renderFirstPage }] = await Promise.all([
  import('./inspectFile.ts'),
  import('./renderFirstPage.ts'),
  import('pdfjs-dist/legacy/build/pdf.mjs'),
]);

async function run(job: WorkerJob): Promise<unknown> {
  if (job.task === 'inspect') return inspectFile(job.path, job.limits);
  return renderFirstPage(job.path, job.kind, job.maxSide).catch(() => null);
}

process.on('message', (message: { id: number; job: WorkerJob }) => {
  void run(message.job).then(
    (answer) => process.send?.({ id: message.id, answer }),
    // An unexpected failure inside a check is a crash of this job: the parent refuses the file and replaces us.
    () => process.exit(1),
  );
});
process.send?.({ ready: true });
