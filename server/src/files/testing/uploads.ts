import type { TestUser } from '../../test/factories.ts';

/**
 * Building uploads byte for byte, so tests control what a hostile client controls: the part's
 * name header (`filename*` carries raw CR LF or U+202E), the declared type, chunked bodies.
 */
type Server = { origin: string };

export const BOUNDARY = '----jointlyTestBoundary7MA4YWxkTrZu0gW';

export type UploadPart = {
  bytes: Uint8Array;
  /** Sent as `filename="…"` (UTF-8) unless `filenameStar` is given. */
  filename?: string;
  /** Sent as RFC 5987 `filename*=UTF-8''…`, percent-encoded here, so any character arrives as it is. */
  filenameStar?: string;
  /** The type the client claims; the server never believes it. */
  type?: string;
  field?: string;
};

export function multipartBody(parts: UploadPart[], boundary = BOUNDARY): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const name =
      part.filenameStar !== undefined
        ? `filename*=UTF-8''${encodeURIComponent(part.filenameStar)}`
        : `filename="${(part.filename ?? 'file.bin').replace(/"/g, '%22')}"`;
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${part.field ?? 'file'}"; ${name}\r\n` +
          `Content-Type: ${part.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(part.bytes),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

/** POSTs one file as a same-origin browser would (with a Content-Length); `chunked` streams it without one. */
export function upload(
  server: Server,
  user: Pick<TestUser, 'cookie'> | null,
  entryId: string,
  part: UploadPart,
  options: { chunked?: boolean } = {},
): Promise<Response> {
  const body = multipartBody([part]);
  const headers: Record<string, string> = {
    origin: server.origin,
    'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
  };
  if (user) headers.cookie = user.cookie;
  const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers };
  if (options.chunked) {
    // A stream body is sent with Transfer-Encoding: chunked and no Content-Length.
    init.body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 64 * 1024) controller.enqueue(body.subarray(i, i + 64 * 1024));
        controller.close();
      },
    });
    init.duplex = 'half';
  } else {
    init.body = body;
  }
  return fetch(`${server.origin}/api/entries/${entryId}/files`, init);
}

export async function uploadOk(
  server: Server,
  user: Pick<TestUser, 'cookie'>,
  entryId: string,
  part: UploadPart,
): Promise<import('@jointly/shared').FileDto> {
  const response = await upload(server, user, entryId, part);
  if (response.status !== 201) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as import('@jointly/shared').FileDto;
}
