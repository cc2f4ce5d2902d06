/**
 * Ends a switch over a union (messages, events, blocks): the compiler rejects
 * the call when a member has no case, so a new kind cannot be ignored by
 * mistake; at run time (a value from outside typed as the union) it throws.
 */
export function unreachable(value: never, what: string): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
