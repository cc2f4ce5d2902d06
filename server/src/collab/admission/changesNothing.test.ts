import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { summariseUpdate } from '../updateValidator.ts';
import { changesNothing } from './changesNothing.ts';

/** A server document with some text, part of it deleted. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  const text = doc.getText('t');
  text.insert(0, 'hello world');
  text.delete(0, 6);
  return doc;
}

/** A copy of `server` as a client holds it, after `edit`. */
function copyOf(server: Y.Doc, edit: (doc: Y.Doc) => void = () => {}): Y.Doc {
  const client = new Y.Doc();
  client.clientID = 2;
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  edit(client);
  return client;
}

/** What the client answers the server's SyncStep1 with: everything the server lacks, and its whole delete set. */
const answer = (server: Y.Doc, client: Y.Doc) =>
  summariseUpdate(Y, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));

describe('changesNothing (C-WRITE-6)', () => {
  it('is true for the answer of a copy that holds nothing new, deletions included', () => {
    const server = serverDoc();
    expect(changesNothing(server, answer(server, copyOf(server)))).toBe(true);
  });

  it('is false for new text, and for a deletion alone the server lacks', () => {
    const server = serverDoc();
    expect(
      changesNothing(
        server,
        answer(
          server,
          copyOf(server, (d) => d.getText('t').insert(5, '!')),
        ),
      ),
    ).toBe(false);
    expect(
      changesNothing(
        server,
        answer(
          server,
          copyOf(server, (d) => d.getText('t').delete(0, 1)),
        ),
      ),
    ).toBe(false);
  });

  it('is false for a deletion of what the document does not hold', () => {
    const server = serverDoc();
    const summary = answer(server, copyOf(server));
    expect(changesNothing(server, { ...summary, deletes: [[1, 0, 1_000]] })).toBe(false);
    expect(changesNothing(server, { ...summary, deletes: [[99, 0, 1]] })).toBe(false);
  });

  it('answers "changes something" once it has looked at its budget of structs', () => {
    const server = new Y.Doc();
    server.clientID = 1;
    const text = server.getText('t');
    // Each character its own struct: a separate insert at the front, then all deleted.
    for (let i = 0; i < 50; i++) text.insert(0, 'x');
    text.delete(0, 50);
    const summary = answer(server, copyOf(server));
    expect(changesNothing(server, summary)).toBe(true);
    expect(changesNothing(server, summary, 10)).toBe(false);
  });
});
