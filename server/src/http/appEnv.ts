import type { AuthContext } from '../auth/sessionService.ts';

/** Hono's context variables: `auth` is set by `requireAuth` on protected routes. */
export type AppEnv = { Variables: { auth: AuthContext } };
