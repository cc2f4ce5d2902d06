/**
 * Message types of the collaboration socket. 0–3 are y-websocket's own
 * (y-protocols); Jointly adds one, sent only to connections that opt in with
 * the `acks=1` query parameter, so an unmodified WebsocketProvider never sees it.
 */
export const MessageType = {
  /** y-protocols sync: SyncStep1, SyncStep2, Update. */
  sync: 0,
  /** y-protocols awareness update. */
  awareness: 1,
  /** y-protocols auth (permission denied); the server does not send it. */
  auth: 2,
  /** Ask the server to send every awareness state it knows. */
  queryAwareness: 3,
  /**
   * Server → client: `[100, varUint n]` — the first n sync messages (SyncStep2
   * and Update) this connection sent are durably stored (or were no-ops).
   */
  saved: 100,
} as const;

/** The query parameter with which a client asks for `saved` acknowledgements. */
export const ACKS_QUERY_PARAM = 'acks';

/** The path prefix of the socket: `/collab/<entryId>`. */
export const COLLAB_PATH_PREFIX = '/collab';
