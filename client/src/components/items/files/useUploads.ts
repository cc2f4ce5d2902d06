import type { FileDto } from '@jointly/shared';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/ApiError.ts';
import { type Upload, uploadEntryFile } from '../../../api/uploadEntryFile.ts';
import { problemBeforeUpload } from './fileChecks.ts';

/** One file on its way: its progress, or why it was refused. */
export type UploadState = { key: string; name: string; percent: number; error: string | null };

/** The server's answer in words, with the file's name (its envelope's message, which names the limit or reason). */
function failureText(name: string, error: unknown): string {
  if (!(error instanceof ApiError)) return `${name} could not be uploaded. Try again.`;
  if (error.status === 0)
    return `${name} could not be uploaded: Jointly could not be reached. Check your connection and try again.`;
  if (error.status === 503)
    return `${name} could not be checked just now, so it was not stored. Try again in a few minutes.`;
  if (error.status === 413 || error.status === 415 || error.status === 422)
    return `${name} was not accepted: ${error.message}`;
  return `${name} could not be uploaded: ${error.message}`;
}

let nextKey = 0;

/**
 * Uploads started from one control: each file's progress (XMLHttpRequest's
 * upload events) and, when it fails, the reason in words. `onStored` runs
 * once per stored file. Uploads still running when the control goes away
 * are cancelled.
 */
export function useUploads(entryId: string, maxBytes: number | null) {
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const running = useRef(new Map<string, Upload>());

  useEffect(() => {
    const inFlight = running.current;
    return () => {
      for (const upload of inFlight.values()) upload.abort();
    };
  }, []);

  const update = (key: string, change: Partial<UploadState>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const start = (files: readonly File[], onStored: (file: FileDto) => void) => {
    // A new attempt clears the old refusals.
    setUploads((all) => all.filter((u) => u.error === null));
    for (const file of files) {
      const key = `upload-${nextKey++}`;
      const problem = problemBeforeUpload(file, maxBytes);
      if (problem) {
        setUploads((all) => [...all, { key, name: file.name, percent: 0, error: problem }]);
        continue;
      }
      setUploads((all) => [...all, { key, name: file.name, percent: 0, error: null }]);
      setAnnouncement(`Uploading ${file.name}.`);
      const upload = uploadEntryFile(entryId, file, ({ loaded, total }) =>
        update(key, { percent: total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0 }),
      );
      running.current.set(key, upload);
      upload.done.then(
        (stored) => {
          running.current.delete(key);
          setUploads((all) => all.filter((u) => u.key !== key));
          setAnnouncement(`Attached ${file.name}.`);
          onStored(stored);
        },
        (error: unknown) => {
          running.current.delete(key);
          if (error instanceof DOMException && error.name === 'AbortError') return;
          update(key, { error: failureText(file.name, error) });
        },
      );
    }
  };

  return { uploads, announcement, start };
}
