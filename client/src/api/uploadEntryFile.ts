import type { FileDto } from '@jointly/shared';
import { type ApiError, apiErrorFrom } from './ApiError.ts';
import { notifySessionExpired } from './apiClient.ts';

export type UploadProgress = { loaded: number; total: number };

export type Upload = {
  /** The stored file's record (201), or an ApiError carrying the server's message (413, 415, 422, 503 …). */
  done: Promise<FileDto>;
  abort(): void;
};

/**
 * Uploads one file to an entry (`POST /api/entries/:id/files`, multipart
 * field `file`). XMLHttpRequest, not fetch, because only it reports upload
 * progress. Same origin as every other call: the session cookie travels
 * with it and the browser adds the Origin header the server checks.
 */
export function uploadEntryFile(entryId: string, file: File, onProgress: (progress: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<FileDto>((resolve, reject) => {
    xhr.open('POST', `/api/entries/${encodeURIComponent(entryId)}/files`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (event) => {
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status === 201 || xhr.status === 200) {
        resolve(body as FileDto);
        return;
      }
      if (xhr.status === 401) notifySessionExpired();
      reject(apiErrorFrom(xhr.status, body) satisfies ApiError);
    };
    xhr.onerror = () => reject(apiErrorFrom(0, null));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}
