import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { openProvider, sectionText, type TestProvider, waitForDoc, whenSynced } from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';
import { openStallableLink } from './testing/stallableLink.ts';

/**
 * Issue 11 item 6: edits made without a working network reach the server when
 * it returns, whichever way the socket spent the outage, without the
 * connection being closed as a flood (C-FLOOD-1).
 */

const SECTION = 'context-and-evolution';

/** Every connection close the provider sees, by code (null: closed by the provider itself). */
function recordCloses(provider: TestProvider): (number | null)[] {
  const codes: (number | null)[] = [];
  provider.on('connection-close', ((event: { code: number } | null) => codes.push(event ? event.code : null)) as never);
  return codes;
}

/** Starts one paragraph in the section and returns its text, to be typed into one character at a time. */
function startParagraph(doc: Y.Doc): Y.XmlText {
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  paragraph.insert(0, [text]);
  doc.getXmlFragment(`section:${SECTION}`).insert(0, [paragraph]);
  return text;
}

describe('reconnecting after editing offline (issue 11 item 6)', () => {
  let server: CollabTestServer;
  let lead: TestUser;

  beforeAll(async () => {
    server = await startCollabTestServer();
    lead = await signUpUser(server, { organisationKind: 'nhs_trust' });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('I11-6: 500 edits made while disconnected are sent as one resync on reconnect, all stored, no flood close', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const writer = openProvider(server, lead, entryId);
    const closes = recordCloses(writer);
    await whenSynced(writer);
    const text = startParagraph(writer.doc);

    writer.disconnect();
    for (let i = 0; i < 500; i++) text.insert(i, String(i % 10));
    writer.connect();
    await whenSynced(writer);

    const reader = openProvider(server, lead, entryId);
    try {
      await waitForDoc(reader.doc, (doc) => sectionText(doc, SECTION).length === 500, 'every offline edit stored');
      expect(sectionText(reader.doc, SECTION)).toBe(sectionText(writer.doc, SECTION));
      expect(closes).toEqual([null]); // only the provider's own disconnect
    } finally {
      reader.destroy();
      writer.destroy();
    }
  });

  it('I11-6: a socket that stalled while its page kept typing (caret moving with every key) takes the burst when the network returns', async () => {
    const entryId = (await createEntry(server, lead)).id;
    const link = await openStallableLink(server.port);
    const writer = openProvider(link, lead, entryId);
    const closes = recordCloses(writer);
    const reader = openProvider(server, lead, entryId);
    try {
      await Promise.all([whenSynced(writer), whenSynced(reader)]);
      const text = startParagraph(writer.doc);
      await waitForDoc(reader.doc, (doc) => doc.getXmlFragment(`section:${SECTION}`).length === 1, 'the paragraph');

      // The network drops without closing the socket: y-websocket keeps sending each keystroke and
      // each caret move on it, and TCP delivers them all at once when the network returns.
      link.stall();
      const EDITS = 200;
      for (let i = 0; i < EDITS; i++) {
        text.insert(i, String(i % 10));
        writer.awareness.setLocalStateField('section', i % 2 === 0 ? SECTION : null);
      }
      link.resume();

      await waitForDoc(reader.doc, (doc) => sectionText(doc, SECTION).length === EDITS, 'every stalled edit stored');
      expect(sectionText(reader.doc, SECTION)).toBe(sectionText(writer.doc, SECTION));
      expect(closes).toEqual([]);
    } finally {
      reader.destroy();
      writer.destroy();
      await link.close();
    }
  });
});
