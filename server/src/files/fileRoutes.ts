import { Readable } from 'node:stream';
import { idParam } from '@jointly/shared';
import { Hono } from 'hono';
import type { EntryService } from '../entries/entryService.ts';
import { contentDisposition } from '../exports/contentDisposition.ts';
import type { AppEnv } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { parseOrThrow } from '../http/validate.ts';
import type { FileService } from './fileService.ts';

/** The upload route's path: app.ts leaves it out of the JSON API's body limit (it has its own). */
export const FILE_UPLOAD_PATH = /^\/api\/entries\/[^/]+\/files\/?$/;

const fileNotFound = () => notFound('File');

/** Whatever a browser makes of a served file, it runs nothing and loads nothing (securityHeaders keeps it). */
const FILE_CSP = "sandbox; default-src 'none'";

/**
 * Evidence files of an entry (issue 13). Upload: lead or contributor of a draft entry. Reading:
 * any member; a non-member gets the same 404 as for an entry or a file that does not exist.
 * Files are served as downloads that no browser renders or sniffs on our origin (RELIABILITY
 * H54): `attachment`, nosniff, and a sandbox CSP in case something renders it anyway.
 */
export function fileRoutes(deps: { entries: Pick<EntryService, 'authorise'>; files: FileService }) {
  const { entries, files } = deps;
  const app = new Hono<AppEnv>();

  app.post('/entries/:id/files', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const auth = c.get('auth');
    const length = c.req.header('content-length');
    const dto = await files.upload(
      id,
      { userId: auth.user.id, organisationId: auth.organisation.id },
      {
        contentLength: length !== undefined && /^\d+$/.test(length) ? Number(length) : undefined,
        contentType: c.req.header('content-type'),
        body: c.req.raw.body,
      },
    );
    return c.json(dto, 201);
  });

  app.get('/entries/:id/files', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    await entries.authorise(id, c.get('auth').user.id, 'read');
    const list = await files.list(id);
    return c.json(list.map(({ entryId: _e, kind: _k, ...dto }) => dto));
  });

  // Before '/entries/:id/files/:fileId': "usage" is never a file id (ids are 16 base32 characters).
  app.get('/entries/:id/files/usage', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    await entries.authorise(id, c.get('auth').user.id, 'read');
    return c.json(await files.usage(id));
  });

  /** The member's file, or the one 404 for a missing entry, a non-member and an unknown or malformed id. */
  async function memberFile(entryParam: string, fileParam: string, userId: string) {
    const id = parseOrThrow(idParam, entryParam);
    await entries.authorise(id, userId, 'read');
    const fileId = idParam.safeParse(fileParam);
    const file = fileId.success ? await files.get(id, fileId.data) : null;
    if (!file) throw fileNotFound();
    return file;
  }

  app.get('/entries/:id/files/:fileId', async (c) => {
    const file = await memberFile(c.req.param('id'), c.req.param('fileId'), c.get('auth').user.id);
    const stream = await files.open(file);
    return c.body(Readable.toWeb(stream as Readable) as ReadableStream, 200, {
      'Content-Type': file.type,
      'Content-Length': String(file.size),
      'Content-Disposition': contentDisposition(file.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': FILE_CSP,
    });
  });

  app.get('/entries/:id/files/:fileId/thumbnail.png', async (c) => {
    const file = await memberFile(c.req.param('id'), c.req.param('fileId'), c.get('auth').user.id);
    const png = await files.thumbnail(file);
    if (!png) throw notFound('Thumbnail');
    return c.body(Buffer.from(png), 200, {
      'Content-Type': 'image/png',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': FILE_CSP,
    });
  });

  return app;
}
