import type { FileKind } from '@jointly/shared';
import type { InspectionLimits } from './inspectionLimits.ts';

/** The child process's entry (runInChildProcess.ts): jobs arrive one at a time by IPC; each is answered with its id. */
export type WorkerJob =
  | { task: 'inspect'; path: string; limits: InspectionLimits }
  | { task: 'thumbnail'; path: string; kind: FileKind; maxSide: number };

async function run(job: WorkerJob): Promise<unknown> {
  if (job.task === 'inspect') {
    const { inspectFile } = await import('./inspectFile.ts');
    return inspectFile(job.path, job.limits);
  }
  const { renderFirstPage } = await import('./renderFirstPage.ts');
  return renderFirstPage(job.path, job.kind, job.maxSide).catch(() => null);
}

process.on('message', (message: { id: number; job: WorkerJob }) => {
  void run(message.job).then(
    (answer) => process.send?.({ id: message.id, answer }),
    // An unexpected failure inside a check is a crash of this job: the parent refuses the file and replaces us.
    () => process.exit(1),
  );
});
