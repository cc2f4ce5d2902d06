export type {
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
  changeRoleBody,
  commentBody,
  createEntryBody,
  createInvitationBody,
  idParam,
  loginBody,
  MAX_COMMENT_MENTIONS,
  MAX_SECTION_ASSIGNEES,
  PASSWORD_MIN_LENGTH,
  sectionAssignmentBody,
  signupBody,
} from './apiSchemas.ts';
export type {
  AcceptedInvitationDto,
  ActivityDto,
  ActivityKind,
  ActorDto,
  ApprovalDiffDto,
  ApprovedSectionDto,
  AssignmentState,
  AssignmentWarning,
  CommentReplyDto,
  CommentThreadDto,
  ContributorRegisterRowDto,
  CreatedInvitationDto,
  EndorsementDto,
  EntryDto,
  EntryProgressDto,
  EntryStatus,
  EntrySummaryDto,
  InvitationDto,
  InvitationPreviewDto,
  ItemProvenanceDto,
  MeDto,
  MemberDto,
  OrganisationDto,
  PresenceDto,
  ProvenanceDto,
  ProvenanceEventDto,
  ReissuedInvitationDto,
  ReopenedEntryDto,
  SavedSectionAssignmentDto,
  SectionApprovalDto,
  SectionAssignmentDto,
  SectionContributorDto,
  SectionDto,
  SectionProvenanceDto,
  SectionStatus,
  SubmissionDetailDto,
  SubmissionDto,
  SubmitConditionsDto,
  UserDto,
} from './apiTypes.ts';
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
} from './collabProtocol.ts';
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
export { countWords } from './countWords.ts';
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
  isItemCollection,
  SECTION_PREFIX,
  sectionFragmentName,
  sectionIdOf,
  TESTIMONIALS_MAP,
} from './documentLayout.ts';
export {
  collectMalformed,
  isTextInsert,
  itemCollectionIn,
  itemMaps,
  MAX_XML_DEPTH,
  plainAttributes,
  plainItemFields,
  sectionFragmentIn,
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
export { formatUkDate, formatUkDateOfInstant } from './formatUkDate.ts';
export { isAwarenessCursor, isRelativePositionJson } from './isAwarenessCursor.ts';
export { INVITATION_TOKEN_PATTERN, isInvitationToken } from './isInvitationToken.ts';
export type { JudgeNumbering } from './judgeNumbering.ts';
export { judgeLabelOf, judgeNumbering, numberForJudges } from './judgeNumbering.ts';
export { isSafeLinkUrl, normaliseLinkInput } from './linkSafety.ts';
export { contrastRatio, ORGANISATION_PALETTE, organisationColourOf } from './organisationColour.ts';
export type { OrganisationKind } from './organisationKinds.ts';
export { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS } from './organisationKinds.ts';
export type { PermissionName, Role } from './roles.ts';
export { can, Permission, ROLES } from './roles.ts';
export {
  isSafeMultiLine,
  isSafeSingleLine,
  safeMultiLine,
  safeSingleLine,
  UNSAFE_MULTI_LINE_MESSAGE,
  UNSAFE_SINGLE_LINE_MESSAGE,
} from './safeText.ts';
export { sectionCharCount, sectionPlainText } from './sectionText.ts';
export type { DiffBlock, DiffPart } from './textDiff.ts';
export { diffBlocks, diffTokens, diffWords } from './textDiff.ts';
export type { TypedReference } from './typedCitations.ts';
export { findChipReferences, findTypedReferences, MAX_TYPED_RANGE, relabelTypedReferences } from './typedCitations.ts';
export { unreachable } from './unreachable.ts';
