export type { ChangeRoleBody, CreateEntryBody, CreateInvitationBody, LoginBody, SignupBody } from './apiSchemas.ts';
export {
  changeRoleBody,
  createEntryBody,
  createInvitationBody,
  idParam,
  loginBody,
  PASSWORD_MIN_LENGTH,
  signupBody,
} from './apiSchemas.ts';
export type {
  AcceptedInvitationDto,
  ActorDto,
  ContributorRegisterRowDto,
  CreatedInvitationDto,
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
  SectionContributorDto,
  SectionDto,
  SectionProvenanceDto,
  SectionStatus,
  UserDto,
} from './apiTypes.ts';
export type { CloseCodeName, CloseCodeValue } from './closeCodes.ts';
export { CloseCode, CloseReason, TERMINAL_CLOSE_CODES } from './closeCodes.ts';
export { ACKS_QUERY_PARAM, COLLAB_PATH_PREFIX, MessageType } from './collabProtocol.ts';
export type { ItemCollection } from './documentLayout.ts';
export {
  EVIDENCE_MAP,
  isItemCollection,
  SECTION_PREFIX,
  sectionFragmentName,
  sectionIdOf,
  TESTIMONIALS_MAP,
} from './documentLayout.ts';
export type { ErrorBody, ErrorCodeValue } from './errorCodes.ts';
export { ErrorCode } from './errorCodes.ts';
export type { OrganisationKind } from './organisationKinds.ts';
export { ORGANISATION_KIND_LABELS, ORGANISATION_KINDS } from './organisationKinds.ts';
export type { PermissionName, Role } from './roles.ts';
export { can, Permission, ROLES } from './roles.ts';
export { sectionPlainText } from './sectionText.ts';
export { countWords } from './wordCount.ts';
