import type { ActivityDto } from '@jointly/shared';
import { listActivity } from '../activity/activityLog.ts';
import { ACTIVITY_FEED_LIMIT } from '../config.ts';
import { createApprovals } from './approvals.ts';
import type { SignoffDeps } from './signoffDeps.ts';
import { createSubmissions } from './submissions.ts';
import { createUnmetConditions } from './unmetConditions.ts';

export type { SignoffDeps } from './signoffDeps.ts';
export type { SubmitIssue } from './submitConditions.ts';

export type SignoffService = ReturnType<typeof createSignoffService>;

/**
 * Review, sign-off and submission (PRODUCT §3 journeys 6–7, §4). Every hash
 * is computed by the server from its own document (live room or store),
 * never taken from a client. Rules cited: S-APPROVE-*, S-ENDORSE-*,
 * S-SUBMIT-*, S-REOPEN-1 (server/SIGNOFF.md).
 *
 * One module per journey: approvals.ts (sections approved, the entry
 * endorsed), submitConditions.ts (each condition a pure check) gathered by
 * unmetConditions.ts, submissions.ts (submit, reopen, versions); the
 * document reads they share are in entryRead.ts. This factory wires them.
 */
export function createSignoffService(deps: SignoffDeps) {
  const approvals = createApprovals(deps);
  const submissions = createSubmissions(deps, createUnmetConditions(deps, approvals));

  async function activity(entryId: string, userId: string): Promise<ActivityDto[]> {
    await deps.entries.authorise(entryId, userId, 'read');
    return listActivity(deps.db, entryId, ACTIVITY_FEED_LIMIT);
  }

  // Published once the approval or endorsement is committed (the call has resolved), never
  // from inside its transaction. Submit and reopen are announced by entryStatusChanged.
  const changed = (entryId: string) => deps.events.publish('entryChanged', { entryId, kind: 'signoff' });

  async function approveSection(entryId: string, sectionId: string, userId: string) {
    const approved = await approvals.approveSection(entryId, sectionId, userId);
    changed(entryId);
    return approved;
  }

  async function endorse(entryId: string, userId: string) {
    const endorsed = await approvals.endorse(entryId, userId);
    changed(entryId);
    return endorsed;
  }

  return {
    view: approvals.view,
    approveSection,
    approvalDiff: approvals.approvalDiff,
    endorse,
    submit: submissions.submit,
    submitConditions: submissions.submitConditions,
    reopen: submissions.reopen,
    listSubmissions: submissions.listSubmissions,
    getSubmission: submissions.getSubmission,
    loadVersionState: submissions.loadVersionState,
    activity,
  };
}
