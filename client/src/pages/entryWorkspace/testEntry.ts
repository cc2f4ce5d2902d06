import type { EntryDto, ProvenanceEventDto } from '@jointly/shared';

/** A small draft entry for the workspace's hook tests (category unknown to the templates: no coverage). */
export function testEntry(overrides: Partial<EntryDto> = {}): EntryDto {
  const leeds = { id: 'org1', name: 'Leeds Teaching Hospitals NHS Trust', kind: 'nhs_trust' as const };
  return {
    id: 'e1',
    title: 'Virtual wards together',
    categoryId: 'not-a-template',
    categoryName: 'Partnership',
    programme: 'HSJ Partnership Awards 2026',
    deadline: null,
    status: 'draft',
    role: 'lead',
    leadOrganisation: leeds,
    createdAt: '2026-01-01T00:00:00Z',
    progress: { sectionCount: 1, sectionsApproved: 0, wordsUsed: 0, wordLimitTotal: 400, sectionsOverLimit: 0 },
    activeNow: [],
    sections: [
      { id: 'context', title: 'Context', summary: '', wordLimit: 400, status: 'in_progress', prompts: [], words: 0 },
    ],
    members: [],
    organisations: [leeds],
    contentHash: 'h-now',
    endorsements: [],
    ...overrides,
  };
}

/** Answers each GET by the end of its path; anything else is a 404 envelope. */
export function fakeFetch(answers: Record<string, unknown>) {
  return async (input: RequestInfo | URL) => {
    const url = String(input);
    const key = Object.keys(answers).find((suffix) => url.endsWith(suffix));
    if (key === undefined) {
      return new Response(JSON.stringify({ error: { code: 'not_found', message: 'Page not found.' } }), {
        status: 404,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(JSON.stringify(answers[key]), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
}

export const createdEvent: ProvenanceEventDto = {
  actor: { userId: 'u1', name: 'Priya Shah', organisation: { id: 'org1', name: 'Leeds' } },
  at: '2026-01-02T00:00:00Z',
};
