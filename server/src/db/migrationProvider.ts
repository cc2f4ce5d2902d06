import type { Migration, MigrationProvider } from 'kysely';
import foundation from './migrations/0001_foundation.ts';
import exhibitLabels from './migrations/0002_exhibit_labels.ts';
import signoff from './migrations/0003_signoff.ts';
import commentsAssignments from './migrations/0004_comments_assignments.ts';
import entryFiles from './migrations/0005_entry_files.ts';
import notifications from './migrations/0006_notifications.ts';
import commentAnchors from './migrations/0007_comment_anchors.ts';
import sectionHistory from './migrations/0008_section_history.ts';
import suggestions from './migrations/0009_suggestions.ts';
import viewerSuggestions from './migrations/0010_viewer_suggestions.ts';
import accountRecovery from './migrations/0011_account_recovery.ts';
import twoFactor from './migrations/0012_two_factor.ts';
import singleSignOn from './migrations/0013_single_sign_on.ts';
import managedOrganisations from './migrations/0014_managed_organisations.ts';
import auditLog from './migrations/0015_audit_log.ts';
import entryOutcomes from './migrations/0016_entry_outcomes.ts';
import jobsAndDeadlines from './migrations/0017_jobs_and_deadlines.ts';
import customCategories from './migrations/0018_custom_categories.ts';
import consentRecords from './migrations/0019_consent_records.ts';
import itemOrigins from './migrations/0020_item_origins.ts';
import erasures from './migrations/0021_erasures.ts';
import finalistStage from './migrations/0022_finalist_stage.ts';
import groupCommitFunction from './migrations/0023_group_commit_function.ts';
import { type ColumnTypes, columnTypes, type Dialect } from './migrations/columnTypes.ts';

export type { Dialect };

/**
 * Schema migrations, in order: one file each under `migrations/`, named by
 * its key, written once for both dialects with the few column types that
 * differ passed in. Kysely's migrator takes a lock (an advisory lock on
 * PostgreSQL), so several processes starting at once run each migration
 * exactly once. A new migration takes the next number and is listed here;
 * an applied one is never edited.
 */
const MIGRATIONS: Record<string, (types: ColumnTypes) => Migration> = {
  '0001_foundation': foundation,
  '0002_exhibit_labels': exhibitLabels,
  '0003_signoff': signoff,
  '0004_comments_assignments': commentsAssignments,
  '0005_entry_files': entryFiles,
  '0006_notifications': notifications,
  '0007_comment_anchors': commentAnchors,
  '0008_section_history': sectionHistory,
  '0009_suggestions': suggestions,
  '0010_viewer_suggestions': viewerSuggestions,
  '0011_account_recovery': accountRecovery,
  '0012_two_factor': twoFactor,
  '0013_single_sign_on': singleSignOn,
  '0014_managed_organisations': managedOrganisations,
  '0015_audit_log': auditLog,
  '0017_jobs_and_deadlines': jobsAndDeadlines,
  '0016_entry_outcomes': entryOutcomes,
  '0018_custom_categories': customCategories,
  '0019_consent_records': consentRecords,
  '0020_item_origins': itemOrigins,
  '0021_erasures': erasures,
  '0022_finalist_stage': finalistStage,
  '0023_group_commit_function': groupCommitFunction,
};

export function migrationProvider(dialect: Dialect): MigrationProvider {
  const types = columnTypes(dialect);
  return {
    getMigrations: async () =>
      Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(types)])),
  };
}
