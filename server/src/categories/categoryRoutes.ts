import { idParam, type PermissionName } from '@jointly/shared';
import { CATEGORY_TEMPLATES, categorySharingBody, customCategoryBody } from '@jointly/templates';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import { templateOf } from './categoryResolver.ts';
import type { CustomCategoryService } from './customCategoryService.ts';

/** A category id in a path: a slug of bounded length; anything else is a category that does not exist. */
const categoryIdParam = z
  .string()
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

function categoryIdOf(raw: string): string {
  const parsed = categoryIdParam.safeParse(raw);
  if (!parsed.success) throw notFound('Category');
  return parsed.data;
}

/**
 * Award categories (PRODUCT §2, issue 17 item 1): the shipped templates and
 * the custom ones the caller may see. All routes need a session; a custom
 * category the caller may not see is 404, as one that does not exist.
 */
export function categoryRoutes(deps: {
  customCategories: CustomCategoryService;
  database: { db: Parameters<typeof templateOf>[0] };
  /** entries/entryService.ts's `authorise`: 404 for a non-member (passed in: entries build on categories). */
  entries: { authorise(entryId: string, userId: string, permission: PermissionName): Promise<unknown> };
}) {
  const { customCategories, database, entries } = deps;
  const app = new Hono<AppEnv>();

  // Shipped templates first, as before, then the custom ones (marked `custom: true`).
  app.get('/categories', async (c) =>
    c.json([...CATEGORY_TEMPLATES, ...(await customCategories.list(c.get('auth').user.id))]),
  );

  app.post('/categories', async (c) => {
    const body = await readJson(c, customCategoryBody);
    const created = await customCategories.create(
      c.get('auth').user.id,
      body.template,
      body.sharedWithPartners ?? false,
    );
    return c.json(created, 201);
  });

  app.get('/categories/:categoryId', async (c) =>
    c.json(await customCategories.get(categoryIdOf(c.req.param('categoryId')), c.get('auth').user.id)),
  );

  app.get('/categories/:categoryId/export.json', async (c) => {
    const id = categoryIdOf(c.req.param('categoryId'));
    const template = await customCategories.exportTemplate(id, c.get('auth').user.id);
    c.header('Content-Disposition', `attachment; filename="${id}.json"`);
    c.header('Cache-Control', 'no-store');
    return c.json(template);
  });

  app.put('/categories/:categoryId', async (c) => {
    const id = categoryIdOf(c.req.param('categoryId'));
    const body = await readJson(c, customCategoryBody);
    return c.json(
      await customCategories.update(id, c.get('auth').user.id, body.template, body.sharedWithPartners),
      201,
    );
  });

  app.put('/categories/:categoryId/sharing', async (c) => {
    const id = categoryIdOf(c.req.param('categoryId'));
    const body = await readJson(c, categorySharingBody);
    return c.json(await customCategories.setSharing(id, c.get('auth').user.id, body.sharedWithPartners));
  });

  // The entry's own category, for its members whoever made it (the page reads a custom one here).
  app.get('/entries/:id/category', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    await entries.authorise(id, c.get('auth').user.id, 'read');
    const row = await database.db
      .selectFrom('entries')
      .select('category_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return c.json(await templateOf(database.db, id, row.category_id));
  });

  return app;
}
