import type { CreatedInvitationDto, EntryDto, MeDto, OrganisationKind, Role } from '@jointly/shared';

/**
 * Small factories for tests: each makes unique data through the real HTTP
 * API, so tests exercise the same paths as users.
 */
type Server = { origin: string };
export type TestUser = { cookie: string; me: MeDto; email: string; password: string };

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A fetch to the server as a same-origin browser would send it. */
export function api(
  server: Server,
  user: Pick<TestUser, 'cookie'> | null,
  method: string,
  urlPath: string,
  body?: unknown,
) {
  const headers: Record<string, string> = { origin: server.origin };
  if (user) headers.cookie = user.cookie;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${server.origin}${urlPath}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** The `name=value` part of a Set-Cookie header, ready for a Cookie header. */
export function cookieFrom(response: Response): string {
  const setCookie = response.headers.get('set-cookie');
  if (!setCookie) throw new Error(`no Set-Cookie in ${response.status} response`);
  return setCookie.split(';')[0]!;
}

export async function signUpUser(
  server: Server,
  overrides: Partial<{
    email: string;
    password: string;
    name: string;
    organisationName: string;
    organisationKind: OrganisationKind;
    /** Join this existing organisation (the sign-up picker's choice) instead of naming one. */
    organisationId: string;
  }> = {},
): Promise<TestUser> {
  const id = unique();
  const { organisationId, ...named } = overrides;
  const body = {
    email: `person-${id}@example.nhs.uk`,
    password: 'correct horse battery staple',
    name: `Person ${id}`,
    ...(organisationId
      ? { organisationId }
      : { organisationName: `Organisation ${id}`, organisationKind: 'nhs_trust' as OrganisationKind }),
    ...named,
  };
  const response = await api(server, null, 'POST', '/api/auth/signup', body);
  if (response.status !== 201) throw new Error(`signup failed: ${response.status} ${await response.text()}`);
  return {
    cookie: cookieFrom(response),
    me: (await response.json()) as MeDto,
    email: body.email,
    password: body.password,
  };
}

export async function createEntry(
  server: Server,
  lead: TestUser,
  categoryId = 'hsj-partnership-long-term-partnership',
): Promise<EntryDto> {
  const response = await api(server, lead, 'POST', '/api/entries', { title: `Entry ${unique()}`, categoryId });
  if (response.status !== 201) throw new Error(`create entry failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as EntryDto;
}

export async function invite(server: Server, lead: TestUser, entryId: string, email: string, role: Role) {
  const response = await api(server, lead, 'POST', `/api/entries/${entryId}/invitations`, { email, role });
  if (response.status !== 201) throw new Error(`invite failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedInvitationDto;
}

/** Invites `user` to the entry with `role` and accepts as them. */
export async function addMember(server: Server, lead: TestUser, entryId: string, user: TestUser, role: Role) {
  const invitation = await invite(server, lead, entryId, user.email, role);
  const response = await api(server, user, 'POST', `/api/invitations/${invitation.token}/accept`);
  if (response.status !== 200) throw new Error(`accept failed: ${response.status} ${await response.text()}`);
}
