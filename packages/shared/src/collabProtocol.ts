/**
 * Message types of the collaboration socket. 0–3 are y-websocket's own
 * (y-protocols); Jointly adds three, each sent only to connections that opt in
 * (`acks=1`, `events=1`, `refusals=1`), so an unmodified WebsocketProvider never sees them.
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
  /**
   * Server → client: `[101, varString json]` — an {@link EntryEvent}: something
   * on the entry changed and the page should fetch it again (C-EVENT-1).
   */
  event: 101,
  /**
   * Server → client: `[102, varUint n]` — this connection's n-th sync message (SyncStep2 or
   * Update) changed the document but was dropped, as every later one will be while the entry
   * stays as it is (C-WRITE-1: a viewer, or an entry no longer taking writes). Sent once, and
   * no `saved` ack follows it (C-ACK-3): what the page held unsaved will never be stored.
   */
  writesDropped: 102,
} as const;

/** The query parameter with which a client asks for `saved` acknowledgements. */
export const ACKS_QUERY_PARAM = 'acks';

/**
 * The query parameter with which a client asks to be told when its writes are dropped
 * (`writesDropped`, C-WRITE-6). Such a connection also gets the server's SyncStep1 when it may not
 * write, so its answer shows whether it holds anything the server lacks: an answer that changes
 * nothing is acknowledged (with `acks=1`), one that would change the document is dropped and said.
 */
export const REFUSALS_QUERY_PARAM = 'refusals';

/** The query parameter with which a client asks for `event` messages (C-EVENT-1). */
export const EVENTS_QUERY_PARAM = 'events';

/** What an `event` message says changed; the page refetches it over HTTP (C-EVENT-2). */
export const ENTRY_EVENT_KINDS = [
  'signoff',
  'comments',
  'assignments',
  'members',
  'status',
  'history',
  'settings',
  /** The outcome after submitting was recorded (issue 17 item 4). */
  'outcome',
  /** The finalist stage's presenters, time limit or rehearsal notes changed (issue 17 item 4). */
  'finalist',
] as const;
export type EntryEventKind = (typeof ENTRY_EVENT_KINDS)[number];

/**
 * An invalidation, never data (C-EVENT-3): only what kind of thing changed and,
 * for comments, in which section. The HTTP routes still decide what a member may read.
 */
export type EntryEvent = { kind: EntryEventKind; sectionId?: string };

/** The path prefix of the socket: `/collab/<entryId>`. */
export const COLLAB_PATH_PREFIX = '/collab';
