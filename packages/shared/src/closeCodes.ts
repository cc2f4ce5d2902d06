/**
 * WebSocket close codes of the collaboration socket `/collab/:entryId`.
 * Defined once here; the server closes with them and the client maps them to
 * UI text in one table. The protocol spec (server/COLLAB_PROTOCOL.md) cites
 * them by name. Standard codes (RFC 6455) are used where one fits; 4xxx codes
 * are Jointly's own and mirror HTTP statuses so they read naturally.
 */
export const CloseCode = {
  /** Normal closure (the server shuts down gracefully or the client left). */
  normal: 1000,
  /** The server is going away (restart, deploy); reconnect. */
  goingAway: 1001,
  /** A message that is not valid y-websocket protocol (truncated, garbage, bad update). */
  invalidPayload: 1007,
  /** Policy violation: unknown message type, forged awareness, flood. */
  policyViolation: 1008,
  /** A message larger than the configured limit. */
  messageTooBig: 1009,
  /** The server failed internally (e.g. storage unavailable); reconnect later. */
  internalError: 1011,
  /** The server is restarting; reconnect. */
  serviceRestart: 1012,
  /** The session expired or was revoked: sign in again, do not retry. */
  sessionEnded: 4401,
  /** The person's access to the entry was removed: do not retry. */
  accessRemoved: 4403,
  /**
   * The person's organisation now requires two-factor sign-in and this session has none (issue 15):
   * set it up (GET /api/me says so), then reconnect. 428 "Precondition Required".
   */
  twoFactorEnrolmentRequired: 4428,
  /** Writes under a Yjs client id that another person already used in this document. */
  forgedClientId: 4409,
  /**
   * An update was refused whole (C-SCHEMA-*): it would leave the document
   * outside its schema (unknown node, mark, attribute, field or top-level
   * type), over a size limit (a section's characters, a collection's items),
   * or cost more than the server allows to apply (structs waiting for missing
   * ones, deletions of what does not exist, too many new client ids). Nothing
   * of it is stored or relayed. Final: the same copy would be refused again.
   */
  updateRefused: 4422,
  /** Processing the message took too long (possible hostile update). */
  processingTimeout: 4408,
  /**
   * The person's role on the entry changed: reconnect and read the role again.
   * Outside 4400–4499, which y-websocket's default `shouldReconnect` treats as
   * final, so an unmodified WebsocketProvider reconnects by itself.
   */
  roleChanged: 4100,
  /**
   * The entry's status changed (submitted, or reopened for editing): reconnect
   * and read the entry again. Non-terminal, outside 4400–4499, like roleChanged.
   */
  entryStatusChanged: 4101,
} as const;

export type CloseCodeName = keyof typeof CloseCode;
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName];

/** Codes after which a client must not reconnect on its own. */
export const TERMINAL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.sessionEnded,
  CloseCode.accessRemoved,
  CloseCode.twoFactorEnrolmentRequired,
  CloseCode.forgedClientId,
  CloseCode.updateRefused,
]);

/** Short machine reasons sent in the close frame (at most 123 bytes by RFC 6455). */
export const CloseReason = {
  tooBig: 'message too big',
  invalidSync: 'invalid sync message',
  invalidUpdate: 'invalid update',
  invalidAwareness: 'invalid awareness message',
  unknownMessage: 'unknown message type',
  sessionEnded: 'session ended',
  accessRemoved: 'access removed',
  twoFactorEnrolmentRequired: 'two-factor set-up required',
  forgedClientId: 'client id belongs to another person',
  timeout: 'processing timeout',
  storage: 'storage unavailable',
  flood: 'too many messages',
  incompleteMessage: 'message not completed in time',
  incompleteBytes: 'too many incomplete message bytes',
  pending: 'too many pending structs',
  updateRefused: 'update outside the document schema or limits',
  roleChanged: 'role changed',
  entryStatusChanged: 'entry status changed',
} as const;
