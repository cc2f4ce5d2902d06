import type {
  EndorsementDto,
  EntryDto,
  EntryStatus,
  EntrySummaryDto,
  OrganisationDto,
  OrganisationKind,
  PresenceDto,
  ReviewRequestDto,
  Role,
  SectionApprovalDto,
  SectionAssignmentDto,
  SectionDto,
  ShortFieldRule,
} from '@jointly/shared';
import type { CategoryTemplate } from '@jointly/templates';
import type { Kysely } from 'kysely';
import { templateOf } from '../categories/categoryResolver.ts';
import { DASHBOARD_ENTRIES_AT_ONCE } from '../config.ts';
import type { Database } from '../db/schema.ts';
import { isoTime } from '../isoTime.ts';
import type { EntryService } from './entryService.ts';

/** What the entry view shows of sign-off (SectionDto.approval, EntryDto.endorsements), from the sign-off service. */
export type SignoffView = {
  contentHash: string;
  /** What the submit conditions depend on in the document: the hash, and pending suggestions (issue 14). */
  checksKey?: string;
  sections: Map<string, { contentHash: string; approval: SectionApprovalDto | null }>;
  endorsements: EndorsementDto[];
};

/**
 * What the entry view reads from the services below it. Declared here, and
 * wired in services.ts once those services exist, so none of them depends
 * on the view (no import circle, no late binding).
 */
export type EntryViewSources = {
  /** Words per section id (of those asked), counted from the stored or live document. */
  sectionWords(entryId: string, sectionIds: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** People with the entry open now. */
  presence(entryId: string): PresenceDto[];
  /** Approvals, hashes and endorsements (the sign-off service); absent in tests that do not need them. */
  signoff?(entryId: string, template: CategoryTemplate): Promise<SignoffView>;
  /** Each section's assignment, in the order asked (the review service); absent in tests that do not need it. */
  assignments?(entryId: string, sectionIds: string[]): Promise<SectionAssignmentDto[]>;
  /** Sections marked ready for review (notifications, issue 14 item 6); absent in tests that do not need it. */
  reviewRequests?(entryId: string): Promise<Map<string, ReviewRequestDto>>;
  /** Unmet submit conditions of a draft whose content hashes to `contentHash` (the dashboard's checks failing). */
  checksFailing?(entryId: string, userId: string, contentHash: string): Promise<number>;
  /** What the entry counts down to (deadlines/, issue 17 item 2); absent in tests that do not need it. */
  countdown?(entryId: string): Promise<EntrySummaryDto['countdown']>;
};

export type EntryView = ReturnType<typeof createEntryView>;

type EntryRow = {
  id: string;
  title: string;
  category_id: string;
  status: string;
  created_at: number;
  lead_organisation_id: string;
};

/**
 * The entry as its page and the dashboard show it (EntryDto, EntrySummaryDto,
 * PRODUCT §6): membership and status from entries, words and hashes from the
 * document summaries, approvals and endorsements from sign-off, assignments
 * from review, presence from the collaboration server. It sits above all of
 * them and only reads.
 */
export function createEntryView(deps: {
  db: Kysely<Database>;
  entries: Pick<EntryService, 'authorise' | 'listMembers'>;
  sources: EntryViewSources;
}) {
  const { db, entries, sources } = deps;

  async function organisation(id: string): Promise<OrganisationDto> {
    const row = await db
      .selectFrom('organisations')
      .select(['id', 'name', 'kind'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, kind: row.kind as OrganisationKind };
  }

  async function summarise(
    entry: EntryRow,
    role: Role,
    userId: string,
    withChecks = false,
  ): Promise<{
    summary: EntrySummaryDto;
    sections: SectionDto[];
    signoff: SignoffView | null;
    shortFields: ShortFieldRule[];
  }> {
    const template = await templateOf(db, entry.id, entry.category_id);
    const sectionIds = template.sections.map((section) => section.id);
    const [words, signoff, assignments] = await Promise.all([
      sources.sectionWords(entry.id, sectionIds),
      sources.signoff ? sources.signoff(entry.id, template) : null,
      sources.assignments ? sources.assignments(entry.id, sectionIds) : null,
    ]);
    const assignmentOf = new Map(assignments?.map((assignment) => [assignment.sectionId, assignment]));
    const reviewRequests = sources.reviewRequests ? await sources.reviewRequests(entry.id) : null;
    const sections: SectionDto[] = template.sections.map((section) => {
      const count = words.get(section.id) ?? 0;
      const state = signoff?.sections.get(section.id);
      const assignment = assignmentOf.get(section.id);
      // S-APPROVE-2: approved for exactly the current content, else changed since approval.
      const status: SectionDto['status'] = state?.approval
        ? state.approval.contentHash === state.contentHash
          ? 'approved'
          : 'changed_since_approval'
        : count > 0
          ? 'in_progress'
          : 'not_started';
      return {
        id: section.id,
        title: section.title,
        summary: section.summary,
        prompts: section.prompts,
        wordLimit: section.wordLimit,
        words: count,
        status,
        ...(state ? { contentHash: state.contentHash, approval: state.approval } : {}),
        ...(assignment ? { assignment } : {}),
        ...(reviewRequests ? { reviewRequest: reviewRequests.get(section.id) ?? null } : {}),
      };
    });
    const mine = assignments?.filter((a) => a.assignees.some((person) => person.userId === userId));
    // Only the dashboard asks (the entry page lists the conditions themselves); a submitted entry met them all.
    const checksFailing =
      withChecks && signoff && sources.checksFailing
        ? entry.status === 'draft'
          ? await sources.checksFailing(entry.id, userId, signoff.checksKey ?? signoff.contentHash)
          : 0
        : null;
    const summary: EntrySummaryDto = {
      id: entry.id,
      title: entry.title,
      categoryId: entry.category_id,
      categoryName: template.name,
      programme: template.programme,
      deadline: template.deadline,
      ...(sources.countdown ? { countdown: await sources.countdown(entry.id) } : {}),
      status: entry.status as EntryStatus,
      role,
      leadOrganisation: await organisation(entry.lead_organisation_id),
      createdAt: isoTime(entry.created_at),
      progress: {
        sectionCount: sections.length,
        sectionsApproved: sections.filter((s) => s.status === 'approved').length,
        wordsUsed: sections.reduce((sum, s) => sum + s.words, 0),
        wordLimitTotal: sections.reduce((sum, s) => sum + s.wordLimit, 0),
        sectionsOverLimit: sections.filter((s) => s.words > s.wordLimit).length,
      },
      activeNow: sources.presence(entry.id),
      ...(checksFailing !== null ? { checksFailing } : {}),
      ...(mine
        ? {
            assignedToMe: {
              due: mine.filter((a) => a.state === 'due').length,
              overdue: mine.filter((a) => a.state === 'overdue').length,
            },
          }
        : {}),
    };
    return { summary, sections, signoff, shortFields: template.shortFields ?? [] };
  }

  async function getEntry(entryId: string, userId: string): Promise<EntryDto> {
    const role = await entries.authorise(entryId, userId, 'read');
    const entry = await db.selectFrom('entries').selectAll().where('id', '=', entryId).executeTakeFirstOrThrow();
    const { summary, sections, signoff, shortFields } = await summarise(entry, role, userId);
    const members = await entries.listMembers(entryId);
    const organisations = new Map<string, OrganisationDto>();
    for (const member of members) organisations.set(member.organisation.id, member.organisation);
    return {
      ...summary,
      sections,
      members,
      organisations: [...organisations.values()],
      ...(signoff ? { contentHash: signoff.contentHash, endorsements: signoff.endorsements } : {}),
      // A lead's choice (C-SUGGEST-5); every member reads it, as the page offers viewers the form by it.
      viewersMaySuggest: Boolean(entry.viewers_may_suggest),
      // A lead's choice (issue 17 item 5): every export's footer says NOT FOR PUBLICATION.
      notForPublication: Boolean(entry.not_for_publication),
      // The award's short fields the category declares (issue 17 item 1); their text is in the document.
      shortFields,
    };
  }

  async function listEntries(userId: string): Promise<EntrySummaryDto[]> {
    const rows = await db
      .selectFrom('entries')
      .innerJoin('memberships', 'memberships.entry_id', 'entries.id')
      .selectAll('entries')
      .select('memberships.role as role')
      .where('memberships.user_id', '=', userId)
      .orderBy('entries.created_at', 'desc')
      .execute();
    // A few entries at a time, not all at once: thousands of queries queued together on one SQLite
    // connection cost its lock quadratic wake-ups (issue 10 finding 8: 1,000 entries took seconds).
    const summaries: EntrySummaryDto[] = new Array(rows.length);
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < rows.length; index = next++) {
        const row = rows[index]!;
        summaries[index] = (await summarise(row, row.role as Role, userId, true)).summary;
      }
    };
    await Promise.all(Array.from({ length: Math.min(DASHBOARD_ENTRIES_AT_ONCE, rows.length) }, worker));
    return summaries;
  }

  return { getEntry, listEntries };
}
