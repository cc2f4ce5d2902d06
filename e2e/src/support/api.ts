import type { CreatedInvitationDto, EntryDto, Role } from '@jointly/shared';
import type { APIResponse, BrowserContext } from 'playwright-core';
import { PARTNERSHIP } from './partnershipCategory.ts';
import type { Person } from './people.ts';

/**
 * Shortcuts through the public HTTP API (PRODUCT §6) for a scenario's
 * set-up, made with the context's own cookie jar, so the browser is signed
 * in afterwards. Scenario 1 does the same steps through the pages; the other
 * scenarios use these to reach what they test quickly.
 */

async function json<T>(response: APIResponse, what: string): Promise<T> {
  if (!response.ok()) throw new Error(`${what}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

export async function signUpThroughApi(context: BrowserContext, person: Person): Promise<void> {
  const { name, email, password, organisationName, organisationKind } = person;
  await json(
    await context.request.post('/api/auth/signup', {
      data: { name, email, password, organisationName, organisationKind },
    }),
    `sign up ${email}`,
  );
}

export async function createEntryThroughApi(
  context: BrowserContext,
  title: string,
  categoryId: string = PARTNERSHIP.id,
): Promise<EntryDto> {
  return json<EntryDto>(await context.request.post('/api/entries', { data: { title, categoryId } }), 'create entry');
}

export async function inviteThroughApi(
  context: BrowserContext,
  entryId: string,
  email: string,
  role: Role,
): Promise<CreatedInvitationDto> {
  return json<CreatedInvitationDto>(
    await context.request.post(`/api/entries/${encodeURIComponent(entryId)}/invitations`, { data: { email, role } }),
    `invite ${email}`,
  );
}

export async function acceptThroughApi(context: BrowserContext, token: string): Promise<void> {
  await json(await context.request.post(`/api/invitations/${encodeURIComponent(token)}/accept`), 'accept invitation');
}

export async function getEntryThroughApi(context: BrowserContext, entryId: string): Promise<EntryDto> {
  return json<EntryDto>(await context.request.get(`/api/entries/${encodeURIComponent(entryId)}`), 'get entry');
}

export async function approveSectionThroughApi(
  context: BrowserContext,
  entryId: string,
  sectionId: string,
): Promise<void> {
  const path = `/api/entries/${encodeURIComponent(entryId)}/sections/${encodeURIComponent(sectionId)}/approve`;
  await json(await context.request.post(path), `approve ${sectionId}`);
}

/** Endorses the entry for the organisation the context's person joined it with (they must be one of its leads). */
export async function endorseThroughApi(context: BrowserContext, entryId: string): Promise<void> {
  await json(await context.request.post(`/api/entries/${encodeURIComponent(entryId)}/endorse`), 'endorse');
}

export async function submitThroughApi(context: BrowserContext, entryId: string): Promise<void> {
  await json(await context.request.post(`/api/entries/${encodeURIComponent(entryId)}/submit`), 'submit');
}
