import http from 'node:http';

export type RawResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): unknown;
};

/**
 * One HTTP request over a fresh connection with nothing normalised: the path
 * is sent byte for byte (fetch would resolve `%2e%2e` and `..` first), the
 * body can be sent chunked without a Content-Length, and the source address
 * can be any loopback address (so tests can act as distinct client IPs).
 */
export function rawRequest(
  server: { origin: string },
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    /** Sent with a Content-Length. */
    body?: string | Buffer;
    /** Sent with `Transfer-Encoding: chunked`, one write each. */
    chunks?: (string | Buffer)[];
    localAddress?: string;
  },
): Promise<RawResponse> {
  const target = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const request = http.request({
      host: target.hostname,
      port: target.port,
      method: options.method ?? 'GET',
      path: options.path,
      headers,
      agent: false,
      localAddress: options.localAddress,
    });
    let answered = false;
    request.on('response', (response) => {
      answered = true;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json: () => JSON.parse(text) });
      });
      response.on('error', reject);
    });
    // The server may answer (e.g. 413) and close before the whole body is written.
    request.on('error', (err) => {
      if (!answered) reject(err);
    });
    if (options.body !== undefined) request.write(options.body);
    for (const chunk of options.chunks ?? []) request.write(chunk);
    request.end();
  });
}
