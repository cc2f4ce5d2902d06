import type * as Y from 'yjs';
import { EntryNotWritableError } from './docStore.ts';
import type { WriteActor } from './PendingBatch.ts';

/**
 * A change the server makes to an entry's document on a person's behalf
 * (C-SUGGEST-5: a viewer's suggestion), applied in a group-commit turn like a
 * client's write: stored, with its provenance, in the same batch, and relayed
 * to every socket and process only after the commit.
 */
export type ActorWrite = {
  actor: WriteActor;
  /**
   * Runs just before the change, on the document as it is then: throws to refuse it (nothing
   * changed), or returns the change, which must only edit the document (it runs in one
   * transaction, its items written under a Yjs client id of the actor's that nobody else holds).
   */
  plan(doc: Y.Doc): () => void;
  /** Called once: null when the change is durable and relayed, or why it was refused or not stored. */
  settle(err: unknown): void;
};

/** Settles every write of a turn, each at most once. */
export function settleAll(writes: readonly ActorWrite[], err: unknown): void {
  for (const write of writes) write.settle(err);
}

/** Where a turn's server writes are made: the live document, and who may write under which client id. */
export type ActorWriteTarget = {
  doc(): Y.Doc;
  /** The entry's status now, and a Yjs client id nobody holds for the actor (null: the entry takes no writes). */
  actorClient(userId: string): { status: string | null; clientId: number | null };
};

/**
 * Makes each write in order (see `applyActorWrite`); a refused one is settled
 * at once with its reason. Returns those made, to settle after the commit.
 */
export function applyActorWrites(
  writes: readonly ActorWrite[],
  target: ActorWriteTarget,
  claim: (clientId: number, userId: string) => void,
): ActorWrite[] {
  const made: ActorWrite[] = [];
  for (const write of writes) {
    const { userId } = write.actor;
    try {
      applyActorWrite(
        target.doc(),
        write,
        () => target.actorClient(userId),
        (id) => claim(id, userId),
      );
      made.push(write);
    } catch (err) {
      write.settle(err);
    }
  }
  return made;
}

/**
 * Plans and makes one write on the live document, in one transaction whose
 * origin is the write, under a Yjs client id `clientFor` gives (none: the
 * entry takes no writes now, refused with EntryNotWritableError). The id is
 * claimed for the actor before anything is written, so even a change that
 * fails halfway leaves nothing unattributed.
 */
export function applyActorWrite(
  doc: Y.Doc,
  write: ActorWrite,
  clientFor: () => { status: string | null; clientId: number | null },
  claim: (clientId: number) => void,
): void {
  const change = write.plan(doc);
  const { status, clientId } = clientFor();
  if (clientId === null) throw new EntryNotWritableError(status ?? 'gone');
  claim(clientId);
  // Yjs writes new items under `doc.clientID`: for this one transaction it is the actor's id.
  const own = doc.clientID;
  doc.clientID = clientId;
  try {
    doc.transact(change, write);
  } finally {
    doc.clientID = own;
  }
}
