import type { EvidenceFields, TestimonialFields } from './documentItems.ts';

/**
 * GET /api/me/data-export (issue 18 item 6, subject access): everything Jointly holds about the
 * person asking, as one JSON file. Only their own data: other people appear by id at most where a
 * record is theirs (a membership's entry, a notification's entry), never by name, address or words.
 * Times are ISO 8601 (UTC). Each list holds at most `rowsMaxPerList` rows; a list cut short is
 * named in `truncated` (ask the organisation's data protection officer for the rest).
 */
export const SUBJECT_ACCESS_FORMAT = 'jointly-subject-access-export/1';

export type SubjectAccessExportDto = {
  format: typeof SUBJECT_ACCESS_FORMAT;
  generatedAt: string;
  /** What each part means, in words, for the person reading the file. */
  about: string;
  rowsMaxPerList: number;
  truncated: string[];
  account: {
    id: string;
    email: string;
    name: string;
    createdAt: string;
    emailVerifiedAt: string | null;
    /** A password hash is held (never included); false for an account made by single sign-on alone. */
    hasPassword: boolean;
    organisationStatus: string;
    organisationRole: string;
  };
  organisation: {
    id: string;
    name: string;
    kind: string;
    odsCode: string | null;
    companiesHouseNumber: string | null;
    charityNumber: string | null;
  };
  security: {
    /** Secrets (the TOTP key, recovery codes, session tokens) are held only as hashes or not included. */
    twoFactor: { enabledAt: string | null; recoveryCodesLeft: number } | null;
    singleSignOn: { issuer: string; subject: string; linkedAt: string }[];
    sessions: { createdAt: string; lastActiveAt: string; signInMethod: string | null; thisSession: boolean }[];
    pendingLinks: { purpose: string; email: string; createdAt: string; expiresAt: string }[];
  };
  /** Audit log records about the account, and those of actions it took (without the other person's details). */
  auditLog: {
    at: string;
    action: string;
    aboutYou: boolean;
    byYou: boolean;
    ip: string | null;
    detail: Record<string, unknown> | null;
  }[];
  memberships: {
    entryId: string;
    title: string;
    role: string;
    organisationId: string;
    joinedAt: string;
    createdByYou: boolean;
  }[];
  invitations: {
    received: { entryId: string; role: string; createdAt: string; acceptedAt: string | null }[];
    /** Invitations you sent; the invitee's address is theirs, so it is left out. */
    sent: {
      entryId: string;
      role: string;
      createdAt: string;
      acceptedAt: string | null;
      revokedAt: string | null;
    }[];
  };
  /** The contribution log (provenance): what you wrote in, per entry and section or item. */
  contributions: {
    entryId: string;
    sections: { sectionId: string; edits: number; firstAt: string; lastAt: string }[];
    items: { collection: string; itemId: string; label: string | null; action: string; at: string }[];
    /** The Yjs client ids your edits were made under. */
    clientIds: number[];
  }[];
  /** Items you created, as they read now in entries you are still a member of (consent details included). */
  itemsCreated: {
    entryId: string;
    itemId: string;
    label: string | null;
    collection: 'testimonials' | 'evidence';
    fields: TestimonialFields | EvidenceFields;
  }[];
  /** Testimonials in your entries whose person's name is your account's name. */
  testimonialsNamingYou: { entryId: string; itemId: string; label: string | null; fields: TestimonialFields }[];
  /**
   * Consent records (issue 18 item 1) you recorded or withdrew, and those naming you as the person
   * or their representative in entries you are a member of.
   */
  consentRecords: {
    id: string;
    entryId: string;
    personName: string;
    givenBy: string;
    representativeName: string | null;
    representativeRelationship: string | null;
    uses: string[];
    method: string;
    methodDetail: string | null;
    evidenceFileIds: string[];
    givenOn: string;
    expiresOn: string;
    recordedAt: string;
    withdrawnAt: string | null;
    withdrawalReason: string | null;
    recordedByYou: boolean;
    withdrawnByYou: boolean;
    namesYou: boolean;
  }[];
  comments: {
    id: string;
    entryId: string;
    sectionId: string;
    threadId: string | null;
    body: string;
    quote: string | null;
    createdAt: string;
    resolvedAt: string | null;
  }[];
  commentsResolved: { commentId: string; entryId: string; resolvedAt: string }[];
  suggestions: { entryId: string; suggestionId: string; sectionId: string; kind: string; createdAt: string }[];
  approvals: { entryId: string; sectionId: string; contentHash: string; approvedAt: string }[];
  endorsements: { entryId: string; organisationId: string; contentHash: string; endorsedAt: string }[];
  submissions: { entryId: string; version: number; contentHash: string; submittedAt: string }[];
  sectionVersions: {
    entryId: string;
    sectionId: string;
    kind: string;
    name: string | null;
    words: number;
    createdAt: string;
  }[];
  activity: { entryId: string; kind: string; at: string }[];
  assignments: {
    assignedToYou: { entryId: string; sectionId: string; dueDate: string | null }[];
    assignedByYou: { entryId: string; sectionId: string; assignedAt: string }[];
  };
  reviewRequests: { entryId: string; sectionId: string; requestedAt: string }[];
  notifications: {
    id: string;
    entryId: string;
    sectionId: string | null;
    kind: string;
    createdAt: string;
    readAt: string | null;
    emailedAt: string | null;
  }[];
  notificationSettings: { emailOff: string[]; lastDigestAt: string | null };
  /** Files you uploaded: what is known about them (the bytes are downloadable from their entry). */
  files: {
    id: string;
    entryId: string;
    name: string;
    mime: string;
    kind: string;
    size: number;
    pages: number | null;
    sha256: string;
    uploadedAt: string;
  }[];
};
