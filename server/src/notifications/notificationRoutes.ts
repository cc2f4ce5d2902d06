import {
  idParam,
  markReadBody,
  notificationSettingsBody,
  UNSUBSCRIBE_TOKEN_PATTERN,
  unsubscribeKindQuery,
} from '@jointly/shared';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/AppEnv.ts';
import { notFound } from '../http/HttpError.ts';
import { parseOrThrow, readJson } from '../http/validate.ts';
import type { ActionLimiter } from '../limits/actionLimiter.ts';
import { sectionIdParam } from '../signoff/signoffSchemas.ts';
import type { NotificationCentre } from './notificationCentre.ts';

type Deps = { notifications: NotificationCentre; limits: Pick<ActionLimiter, 'reviewRequested'> };

/**
 * Signed-in routes (issue 14 items 5 and 6): the person's own notifications,
 * tasks, e-mail settings and live count, and asking for a section's review.
 */
export function notificationRoutes({ notifications, limits }: Deps) {
  const app = new Hono<AppEnv>();
  const me = (c: { get(key: 'auth'): AppEnv['Variables']['auth'] }) => c.get('auth').user.id;

  app.get('/notifications', async (c) => c.json(await notifications.list(me(c))));

  app.post('/notifications/read', async (c) => {
    const body = await readJson(c, markReadBody);
    return c.json(await notifications.markRead(me(c), 'all' in body ? { all: true } : { ids: body.ids }));
  });

  app.get('/notifications/stream', (c) => notifications.openStream(c, me(c), c.get('auth').sessionId));

  app.get('/notifications/settings', async (c) => c.json(await notifications.settings(me(c))));

  app.put('/notifications/settings', async (c) => {
    const body = await readJson(c, notificationSettingsBody);
    return c.json(await notifications.saveSettings(me(c), body.emailOff));
  });

  app.get('/tasks', async (c) => c.json(await notifications.tasks(me(c))));

  app.post('/entries/:id/sections/:sectionId/review-request', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    // Authorised (404/403) before the bucket is drawn from, so a stranger cannot drain a member's.
    await notifications.mayRequestReview(id, me(c));
    await limits.reviewRequested({ userId: me(c), organisationId: c.get('auth').organisation.id });
    return c.json(await notifications.requestReview(id, sectionId, me(c)), 201);
  });

  app.delete('/entries/:id/sections/:sectionId/review-request', async (c) => {
    const id = parseOrThrow(idParam, c.req.param('id'));
    const sectionId = parseOrThrow(sectionIdParam, c.req.param('sectionId'));
    await notifications.withdrawReview(id, sectionId, me(c));
    return c.body(null, 204);
  });

  return app;
}

const tokenParam = z.string().regex(UNSUBSCRIBE_TOKEN_PATTERN, 'Not a valid unsubscribe link');

/**
 * No session (issue 14 item 5): an unsubscribe link's secret switches a kind
 * (or every kind) of notification e-mail off. POST only, so mail scanners that
 * open links change nothing; mail clients' one-click unsubscribe (RFC 8058)
 * posts here with the body `List-Unsubscribe=One-Click`, which is not needed.
 */
export function publicNotificationRoutes({ notifications }: Pick<Deps, 'notifications'>) {
  const app = new Hono<AppEnv>();
  app.post('/notifications/unsubscribe/:token', async (c) => {
    const token = parseOrThrow(tokenParam, c.req.param('token'));
    const kind = parseOrThrow(unsubscribeKindQuery, c.req.query('kind') || undefined);
    const off = await notifications.unsubscribe(token, kind);
    if (!off) throw notFound('Unsubscribe link');
    return c.json({ emailOff: off });
  });
  return app;
}
