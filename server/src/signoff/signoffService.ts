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

  return {
    view: approvals.view,
    approveSection: approvals.approveSection,
    approvalDiff: approvals.approvalDiff,
    endorse: approvals.endorse,
    submit: submissions.submit,
    submitConditions: submissions.submitConditions,
    reopen: submissions.reopen,
    listSubmissions: submissions.listSubmissions,
    getSubmission: submissions.getSubmission,
    loadVersionState: submissions.loadVersionState,
    activity,
  };
}
