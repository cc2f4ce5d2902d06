import type { CommentThreadDto, EntryDto, ErrorBody } from '@jointly/shared';
import { afterAll, beforeAll, expect } from 'vitest';
import { addMember, api, createEntry, signUpUser, type TestUser } from '../../test/factories.ts';
import { startTestServer, type TestServer } from '../../test/testServer.ts';

/**
 * The set-up the review integration tests share: a real server with an entry
 * that has a member in each role, a non-member, and one comment thread, plus
 * requests made as any of them.
 */

/** Who makes a request: a member in each role, someone not on the entry, or nobody signed in. */
export type Who = 'lead' | 'contributor' | 'viewer' | 'outsider' | 'signedOut';

export const SECTION = 'context-and-evolution';
export const OTHER_SECTION = 'benefits-and-outcomes';
export const THIRD_SECTION = 'sharing-and-adoption';

export const errorOf = async (response: Response) => ((await response.json()) as ErrorBody).error;

/** A UTC calendar date `days` from today. */
export const utcDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export type ReviewFixture = {
  server: TestServer;
  people: Record<Exclude<Who, 'signedOut'>, TestUser>;
  /** The lead's entry, with the contributor and the viewer on it (the outsider is not). */
  entry: EntryDto;
  /** A thread the lead started on SECTION. */
  thread: CommentThreadDto;
  /** A request to a path under the entry, as `who`. */
  call(who: Who, method: string, path: string, body?: unknown): Promise<Response>;
  /** Starts a comment thread on a section, as `who`. */
  startThread(who: Who, body: unknown, sectionId?: string, entryId?: string): Promise<Response>;
  /** Comments and replies stored for the entry, to show a refused request stored nothing. */
  commentCount(entryId?: string): Promise<number>;
};

/**
 * Starts the fixture before the tests of the calling suite and stops its
 * server after them. The object is filled in by then: read its fields inside
 * tests and hooks, not when the suite is declared.
 */
export function useReviewFixture(): ReviewFixture {
  const fixture = {} as ReviewFixture;
  beforeAll(async () => {
    Object.assign(fixture, await startReviewFixture());
  });
  afterAll(() => fixture.server?.close());
  return fixture;
}

async function startReviewFixture(): Promise<ReviewFixture> {
  const server = await startTestServer();
  const [lead, contributor, viewer, outsider] = await Promise.all([
    signUpUser(server, { organisationKind: 'nhs_trust' }),
    signUpUser(server, { organisationKind: 'supplier' }),
    signUpUser(server, { organisationKind: 'third_sector' }),
    signUpUser(server, { organisationKind: 'nhs_trust' }),
  ]);
  const people = { lead, contributor, viewer, outsider };
  const entry = await createEntry(server, lead);
  await addMember(server, lead, entry.id, contributor, 'contributor');
  await addMember(server, lead, entry.id, viewer, 'viewer');

  const as = (who: Who) => (who === 'signedOut' ? null : people[who]);
  const startThread = (who: Who, body: unknown, sectionId = SECTION, entryId = entry.id) =>
    api(server, as(who), 'POST', `/api/entries/${entryId}/sections/${sectionId}/comments`, body);
  const response = await startThread('lead', { body: 'Can we add the 2023 figures here?' });
  expect(response.status).toBe(201);

  return {
    server,
    people,
    entry,
    thread: (await response.json()) as CommentThreadDto,
    call: (who, method, path, body) => api(server, as(who), method, `/api/entries/${entry.id}${path}`, body),
    startThread,
    async commentCount(entryId = entry.id) {
      const row = await server.services.database.db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('entry_id', '=', entryId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}
