import type { AuditEntryDto, AuditLogDto } from '@jointly/shared';
import { expect, vi } from 'vitest';
import { api, type TestUser } from '../../test/factories.ts';
import type { TestServer } from '../../test/testServer.ts';

/** Makes a person an admin of their organisation, as migration 0014 or an admin would. */
export async function makeAdmin(server: TestServer, user: TestUser): Promise<void> {
  await server.services.database.db
    .updateTable('users')
    .set({ organisation_role: 'admin', organisation_status: 'confirmed' })
    .where('id', '=', user.me.user.id)
    .execute();
}

/** The organisation's whole audit log as its admin reads it over HTTP, newest first. */
export async function auditTrail(
  server: TestServer,
  admin: TestUser,
  organisationId: string,
): Promise<AuditEntryDto[]> {
  const entries: AuditEntryDto[] = [];
  let before = '';
  for (;;) {
    const response = await api(server, admin, 'GET', `/api/organisations/${organisationId}/audit?limit=200${before}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as AuditLogDto;
    entries.push(...page.entries);
    if (page.nextBefore === null) return entries;
    before = `&before=${page.nextBefore}`;
  }
}

/** The account actions recorded about (or by) one account, oldest first. */
export async function actionsOf(server: TestServer, admin: TestUser, user: TestUser): Promise<string[]> {
  const trail = await auditTrail(server, admin, user.me.organisation.id);
  return trail
    .filter((e) => e.action.startsWith('account.'))
    .filter((e) => e.subject?.id === user.me.user.id || e.actor?.id === user.me.user.id)
    .map((e) => e.action)
    .reverse();
}

/** Waits until the account's trail holds `action` (some are written after the answer). */
export async function waitForAction(
  server: TestServer,
  admin: TestUser,
  user: TestUser,
  action: string,
): Promise<AuditEntryDto> {
  let found: AuditEntryDto | undefined;
  await vi.waitFor(
    async () => {
      const trail = await auditTrail(server, admin, user.me.organisation.id);
      found = trail.find((e) => e.action === action && e.subject?.id === user.me.user.id);
      expect(found).toBeTruthy();
    },
    { timeout: 5000 },
  );
  return found!;
}
