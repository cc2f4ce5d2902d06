import { SUBJECT_ACCESS_FORMAT, type SubjectAccessExportDto } from '@jointly/shared';
import type { Kysely } from 'kysely';
import { recordAccountAudit } from '../audit/auditLog.ts';
import { SUBJECT_ACCESS_ENTRIES_MAX, SUBJECT_ACCESS_LIMIT_PER_ACCOUNT, SUBJECT_ACCESS_ROWS_MAX } from '../config.ts';
import type { Database } from '../db/schema.ts';
import type { DocumentSource } from '../documents/documentReader.ts';
import type { AuthContext } from '../http/AppEnv.ts';
import { rateLimited } from '../limits/actionLimiter.ts';
import type { LimitStore } from '../limits/limitStore.ts';
import { readAccountData } from './accountData.ts';
import { readConsentData } from './consentData.ts';
import { readEntryData } from './entryData.ts';
import { readItemData } from './itemData.ts';
import { createRowBudget } from './rowBudget.ts';
import { readWorkData } from './workData.ts';

export type SubjectAccessExport = ReturnType<typeof createSubjectAccessExport>;

const ABOUT =
  'Everything Jointly holds about you (UK GDPR Article 15): your account and organisation, how you sign in ' +
  '(no passwords, codes or keys: those are held only as hashes or are credentials), the audit log records ' +
  'about your account, the entries you are in, what the contribution log says you wrote, the items you ' +
  'created and testimonials and consent records that name you (or that you recorded), your comments, suggestions, approvals, endorsements, submissions, ' +
  'versions, assignments, notifications and the files you uploaded. Other people appear by id only. ' +
  'Times are UTC.';

/**
 * Subject access (issue 18 item 6): one export of the signed-in person's own data, read only by
 * their own ids (never by an entry's members), bounded per list and rate-limited per account.
 */
export function createSubjectAccessExport(deps: {
  db: Kysely<Database>;
  documents: DocumentSource;
  limitStore: LimitStore;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;

  async function exportFor(auth: AuthContext): Promise<SubjectAccessExportDto> {
    const waitMs = await deps.limitStore.take([
      { name: 'subject-access:account', key: auth.user.id, rule: SUBJECT_ACCESS_LIMIT_PER_ACCOUNT },
    ]);
    if (waitMs > 0) throw rateLimited(waitMs, 'downloaded your data several times');

    const budget = createRowBudget(SUBJECT_ACCESS_ROWS_MAX);
    const [account, entries, work] = await Promise.all([
      readAccountData(deps.db, { userId: auth.user.id, sessionId: auth.sessionId }, budget),
      readEntryData(deps.db, { userId: auth.user.id, email: auth.user.email }, budget),
      readWorkData(deps.db, auth.user.id, budget),
    ]);
    const items = await readItemData(deps.documents, {
      name: account.account.name,
      entryIds: entries.memberships.map((m) => m.entryId),
      contributions: entries.contributions,
      maxEntries: SUBJECT_ACCESS_ENTRIES_MAX,
    });
    if (items.cutShort) budget.truncated.push('itemsCreated', 'testimonialsNamingYou');
    const consents = await readConsentData(
      deps.db,
      { userId: auth.user.id, name: account.account.name, entryIds: entries.memberships.map((m) => m.entryId) },
      budget,
    );

    // The person's organisation's admins see that their data was downloaded (not what it held).
    await recordAccountAudit(deps.db, { userId: auth.user.id, actorId: auth.user.id, action: 'account.data_exported' });
    return {
      format: SUBJECT_ACCESS_FORMAT,
      generatedAt: new Date(now()).toISOString(),
      about: ABOUT,
      rowsMaxPerList: budget.max,
      truncated: budget.truncated,
      ...account,
      ...entries,
      itemsCreated: items.itemsCreated,
      testimonialsNamingYou: items.testimonialsNamingYou,
      ...consents,
      ...work,
    };
  }

  return { exportFor };
}
