import type { OrganisationKind } from '@jointly/shared';

/**
 * Who is behind a request once signed in. It lives here, beside the context
 * that carries it, so http/ (errors, validation, the request context) depends
 * on no feature folder: auth/ builds it (`sessionService.validateToken`) and
 * sets it (`requireAuth`), importing the type from here as it imports the rest
 * of http/.
 */
export type AuthContext = {
  sessionId: string;
  user: { id: string; email: string; name: string };
  organisation: { id: string; name: string; kind: OrganisationKind };
};

/** Hono's context variables: `auth` is set by `requireAuth` on protected routes. */
export type AppEnv = { Variables: { auth: AuthContext } };
