export type {
  AccountSessionDto,
  ChangeEmailBody,
  ChangeNameBody,
  ChangePasswordBody,
  DeleteAccountBody,
  EmailVerificationDto,
  PasswordResetBody,
  PasswordResetRequestBody,
  PasswordResetRequestedDto,
} from './accounts.ts';
export {
  accountLinkToken,
  changeEmailBody,
  changeNameBody,
  changePasswordBody,
  deleteAccountBody,
  EMAIL_LINK_TTL_MS,
  PASSWORD_RESET_TTL_MS,
  passwordResetBody,
  passwordResetRequestBody,
} from './accounts.ts';
export type {
  ChangeOwnOrganisationBody,
  ChangeRoleBody,
  CommentBody,
  CreateEntryBody,
  CreateInvitationBody,
  LoginBody,
  SectionAssignmentBody,
  SignupBody,
} from './apiSchemas.ts';
export {
  COMMENT_MAX_CHARS,
  changeOwnOrganisationBody,
  changeRoleBody,
  commentBody,
  createEntryBody,
  createInvitationBody,
  idParam,
  loginBody,
  MAX_COMMENT_MENTIONS,
  MAX_SECTION_ASSIGNEES,
  organisationName,
  PASSWORD_MIN_LENGTH,
  sectionAssignmentBody,
  signupBody,
} from './apiSchemas.ts';
// Every type of the public API's shapes (types only: nothing of it runs).
export type * from './apiTypes.ts';
export type {
  AuditAction,
  AuditDetail,
  AuditDetailValue,
  AuditEntryDto,
  AuditLogDto,
  AuditLogQuery,
  AuditPersonDto,
} from './auditLog.ts';
export { AUDIT_ACTIONS, AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, auditLogQuery, isAuditAction } from './auditLog.ts';
export type { BrokenCitation, CitationReport, ExhibitLabelIndex } from './citations.ts';
export {
  CITATION_ATOM_TEXT,
  CITATION_HTML_ATTRIBUTE,
  CITATION_ITEM_ID_ATTRIBUTE,
  CITATION_NODE,
  CITATION_PLAIN_TEXT,
  checkCitations,
  citationItemId,
  entryCitations,
  exhibitLabelIndex,
  sectionCitations,
  unknownLabelOf,
} from './citations.ts';
export type { CloseCodeName, CloseCodeValue } from './closeCodes.ts';
export { CloseCode, CloseReason, TERMINAL_CLOSE_CODES } from './closeCodes.ts';
export {
  ACKS_QUERY_PARAM,
  COLLAB_PATH_PREFIX,
  ENTRY_EVENT_KINDS,
  type EntryEvent,
  type EntryEventKind,
  EVENTS_QUERY_PARAM,
  MessageType,
  REFUSALS_QUERY_PARAM,
} from './collabProtocol.ts';
export type { CommentAnchorBody, CommentAnchorDto, NewThreadBody } from './commentAnchors.ts';
export {
  ANCHOR_POSITION_MAX_CHARS,
  ANCHOR_QUOTE_MAX_CHARS,
  base64ToBytes,
  bytesToBase64,
  commentAnchor,
  newThreadBody,
} from './commentAnchors.ts';
export type {
  ConsentGiver,
  ConsentMethod,
  ConsentRecordDto,
  ConsentRecordListDto,
  ConsentRecordStatus,
  ConsentRecordUse,
  CreateConsentRecordBody,
  WithdrawConsentBody,
} from './consentRecords.ts';
export {
  addMonthsToIsoDate,
  CONSENT_GIVERS,
  CONSENT_METHOD_LABELS,
  CONSENT_METHODS,
  CONSENT_RECORD_USE_LABELS,
  CONSENT_RECORD_USES,
  consentRecordStatus,
  createConsentRecordBody,
  withdrawConsentBody,
} from './consentRecords.ts';
export type { ContentElement, ContentNode, ContentText, SectionContent } from './contentHash.ts';
export {
  canonicalJson,
  contentBlockTexts,
  documentSectionHash,
  entryContentHash,
  sectionContent,
  sectionContentHash,
  sha256Hex,
} from './contentHash.ts';
export { countWords, countWordsAsWordProcessor } from './countWords.ts';
export type { EntryDeadlinesBody, EntryDeadlinesDto, ReminderOffset } from './deadlines.ts';
export {
  entryDeadlinesBody,
  MAX_DEADLINE_AHEAD_MS,
  parseReminderRef,
  REMINDER_MORNING_HOUR,
  REMINDER_OFFSET_LABELS,
  REMINDER_OFFSETS,
  reminderRef,
} from './deadlines.ts';
export type {
  Consent,
  ConsentProblem,
  ConsentProblemCode,
  ConsentUse,
  Evidence,
  EvidenceFields,
  EvidenceKind,
  Testimonial,
  TestimonialFields,
  TestimonialKind,
} from './documentItems.ts';
export {
  addItem,
  CONSENT_RECORD_ID_PATTERN,
  CONSENT_REQUIRED_KINDS,
  CONSENT_USE_LABELS,
  CONSENT_USES,
  consentNeeded,
  consentProblems,
  consentSchema,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  emptyEvidence,
  emptyTestimonial,
  evidenceFieldsSchema,
  ITEM_ID_PATTERN,
  isIsoDate,
  isItemId,
  newItemId,
  readEvidence,
  readEvidenceFields,
  readTestimonialFields,
  readTestimonials,
  removeItem,
  TESTIMONIAL_KIND_LABELS,
  TESTIMONIAL_KINDS,
  testimonialFieldsSchema,
  updateItem,
  writeItemFields,
} from './documentItems.ts';
export type { ItemCollection } from './documentLayout.ts';
export {
  EVIDENCE_MAP,
  FINALIST_OUTLINE,
  isItemCollection,
  SECTION_PREFIX,
  SHORT_FIELDS_MAP,
  sectionFragmentName,
  sectionIdOf,
  TESTIMONIALS_MAP,
} from './documentLayout.ts';
export type { TextDeltaOp } from './documentRead.ts';
export {
  collectMalformed,
  contentDelta,
  isTextInsert,
  itemCollectionIn,
  itemMaps,
  MAX_XML_DEPTH,
  plainAttributes,
  plainItemFields,
  sectionFragmentIn,
  shortFieldsMapIn,
  xmlChildren,
} from './documentRead.ts';
export type { ChildKind, NodeRule, ValueCheck } from './documentSchema.ts';
export {
  BLOCK_NODES,
  INLINE_NODES,
  ITEM_FIELD_MAX_CHARS,
  ITEM_FIELD_RULES,
  ITEMS_PER_COLLECTION_MAX,
  mayHoldElement,
  mayHoldText,
  SECTION_CHARS_PER_LIMIT_WORD,
  SECTION_CHARS_WITHOUT_LIMIT,
  SECTION_MARK_RULES,
  SECTION_NODE_RULES,
  sectionCharLimit,
} from './documentSchema.ts';
export type { CopyEntryBody, ItemOriginDto } from './entryCopy.ts';
export { COPY_ITEMS_MAX, COPY_SECTION_MAP_MAX, copyEntryBody, defaultSectionMap, describeOrigin } from './entryCopy.ts';
export {
  type EntryOutcomeBody,
  type EntryOutcomeDto,
  type EntryOutcomeStateDto,
  entryOutcomeBody,
  finalistStageOpens,
  NOT_FOR_PUBLICATION_TEXT,
  OUTCOME_FEEDBACK_MAX_CHARS,
  OUTCOME_STAGE_LABELS,
  OUTCOME_STAGES,
  type OutcomeStage,
  type PublicationBody,
  type PublicationDto,
  publicationBody,
} from './entryOutcomes.ts';
export * from './erasures.ts';
export type { ErrorBody, ErrorCodeValue } from './errorCodes.ts';
export { ErrorCode } from './errorCodes.ts';
export type { FileDto, FileKind, FileMime, FileUsageDto } from './evidenceFiles.ts';
export {
  DEFAULT_ENTRY_FILES_MAX_BYTES,
  DEFAULT_FILE_MAX_BYTES,
  FILE_ACCEPT,
  FILE_ID_PATTERN,
  FILE_KINDS,
  FILE_NAME_MAX_CHARS,
  FILE_TYPES,
  FILES_PER_ITEM_MAX,
  fileKindOfMime,
  isFileId,
} from './evidenceFiles.ts';
export type { Exhibit, ExhibitField, TextCleaners, WithheldExhibit } from './exhibits.ts';
export { buildExhibits, exhibitLabelNumber, testimonialAttribution, WITHHELD_NO_CONSENT } from './exhibits.ts';
export * from './finalistStage.ts';
export { formatUkDate, formatUkDateOfInstant } from './formatUkDate.ts';
export { isAwarenessCursor, isRelativePositionJson } from './isAwarenessCursor.ts';
export { INVITATION_TOKEN_PATTERN, isInvitationToken } from './isInvitationToken.ts';
export type { JudgeNumbering } from './judgeNumbering.ts';
export { judgeLabelOf, judgeNumbering, numberForJudges } from './judgeNumbering.ts';
export { isSafeLinkUrl, normaliseLinkInput } from './linkSafety.ts';
export type {
  MarkReadBody,
  NotificationDto,
  NotificationKind,
  NotificationListDto,
  NotificationSettingsBody,
  NotificationSettingsDto,
  ReviewRequestDto,
  TaskDto,
  TasksDto,
} from './notifications.ts';
export {
  MAX_MARK_READ_IDS,
  markReadBody,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATIONS_STREAM_EVENT,
  notificationSentence,
  notificationSettingsBody,
  REMINDER_KINDS,
  SYSTEM_ACTOR_ID,
  UNSUBSCRIBE_TOKEN_PATTERN,
  unsubscribeKindQuery,
} from './notifications.ts';
export type { OfflineCopyKeyDto } from './offlineCopies.ts';
export { contrastRatio, ORGANISATION_PALETTE, organisationColourOf } from './organisationColour.ts';
export type { OrganisationKind } from './organisationKinds.ts';
export { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS } from './organisationKinds.ts';
export * from './organisationLibrary.ts';
export type {
  AddOrganisationDomainBody,
  DeclineOrganisationMemberBody,
  OrganisationDetailDto,
  OrganisationDomainDto,
  OrganisationEntriesDto,
  OrganisationEntryDto,
  OrganisationMemberDto,
  OrganisationMemberRole,
  OrganisationMemberRoleBody,
  OrganisationMemberStatus,
  OrganisationMembersDto,
  OrganisationSearchDto,
  OrganisationSearchResultDto,
  SharedMailDomainReason,
  UpdateOrganisationBody,
} from './organisations.ts';
export {
  addOrganisationDomainBody,
  CHARITY_NUMBER_PATTERN,
  COMPANIES_HOUSE_NUMBER_PATTERN,
  DECLINE_REASON_MAX_CHARS,
  declineOrganisationMemberBody,
  emailDomain,
  ODS_CODE_PATTERN,
  ORGANISATION_MEMBER_ROLES,
  ORGANISATION_MEMBER_STATUSES,
  ORGANISATION_SEARCH_MAX_RESULTS,
  ORGANISATION_SEARCH_MIN_CHARS,
  organisationDomain,
  organisationMemberRoleBody,
  organisationSearchQuery,
  sharedMailDomainMessage,
  sharedMailDomainReason,
  updateOrganisationBody,
} from './organisations.ts';
export { sectionPortalText } from './portalText.ts';
export * from './readSuggestions.ts';
export type { PermissionName, Role } from './roles.ts';
export { can, Permission, ROLES } from './roles.ts';
export { safeNextPath } from './safeNextPath.ts';
export {
  isSafeMultiLine,
  isSafeSingleLine,
  safeMultiLine,
  safeSingleLine,
  UNSAFE_MULTI_LINE_MESSAGE,
  UNSAFE_SINGLE_LINE_MESSAGE,
} from './safeText.ts';
export type {
  NameVersionBody,
  RestoreVersionBody,
  SectionCompareDto,
  SectionHistoryDto,
  SectionRestoreDto,
  SectionVersionDetailDto,
  SectionVersionDto,
  SectionVersionKind,
} from './sectionHistory.ts';
export {
  CURRENT_VERSION,
  compareSide,
  nameVersionBody,
  restoreVersionBody,
  SECTION_VERSION_KINDS,
  sectionVersionId,
  VERSION_NAME_MAX_CHARS,
} from './sectionHistory.ts';
export { sectionCharCount, sectionPlainText } from './sectionText.ts';
export * from './shortFields.ts';
export type { SsoErrorReason, SsoStatusDto } from './singleSignOn.ts';
export { isSsoErrorReason, SSO_ERROR_MESSAGES } from './singleSignOn.ts';
export type { SubjectAccessExportDto } from './subjectAccess.ts';
export { SUBJECT_ACCESS_FORMAT } from './subjectAccess.ts';
export type { SuggestionDto, SuggestionKind, SuggestionListDto } from './suggestions.ts';
export {
  DELETION_MARK,
  INSERTION_MARK,
  isSuggestionId,
  isSuggestionKind,
  isSuggestionMarkValue,
  SUGGESTION_ID_PATTERN,
  SUGGESTION_MARKS,
  suggestionIdOf,
} from './suggestions.ts';
export type { DiffBlock, DiffPart } from './textDiff.ts';
export { diffBlocks, diffTokens, diffWords } from './textDiff.ts';
export * from './twoFactor.ts';
export type { TypedReference } from './typedCitations.ts';
export { findChipReferences, findTypedReferences, MAX_TYPED_RANGE, relabelTypedReferences } from './typedCitations.ts';
export { unreachable } from './unreachable.ts';
export type {
  EntrySettingsBody,
  EntrySettingsDto,
  SuggestChangeBody,
  SuggestedChangeDto,
} from './viewerSuggestions.ts';
export {
  entrySettingsBody,
  SUGGESTED_TEXT_MAX_CHARS,
  suggestChangeBody,
} from './viewerSuggestions.ts';
