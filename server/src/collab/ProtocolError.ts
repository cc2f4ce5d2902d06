import type { CloseCodeValue } from '@jointly/shared';

/**
 * A message the socket refuses: the connection is closed with `code` and
 * `reason` (a `CloseReason`), nothing of the message is applied, and other
 * connections carry on (COLLAB_PROTOCOL.md, C-MSG rules).
 */
export class ProtocolError extends Error {
  constructor(
    readonly code: CloseCodeValue,
    readonly reason: string,
    detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'ProtocolError';
  }
}
