import { MessageType } from '@jointly/shared';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMember, createEntry, signUpUser, type TestUser } from '../test/factories.ts';
import { applyStoredDocument } from './docStore.ts';
import {
  frames,
  openProvider,
  openRaw,
  paragraphs,
  type TestProvider,
  waitForDoc,
  whenSynced,
  writeParagraph,
} from './testing/collabClients.ts';
import { type CollabTestServer, startCollabTestServer } from './testing/collabTestServer.ts';

/**
 * Live co-writing through the real server with unmodified WebsocketProviders
 * (PRODUCT §3.4): two organisations converge, a latecomer gets everything,
 * and the server records who wrote what.
 */
describe('collaboration sync', () => {
  let server: CollabTestServer;
  let trustLead: TestUser;
  let supplier: TestUser;
  let latecomer: TestUser;
  let entryId: string;
  const providers: TestProvider[] = [];

  beforeAll(async () => {
    server = await startCollabTestServer();
    trustLead = await signUpUser(server, { organisationName: 'Northshire NHS Trust', organisationKind: 'nhs_trust' });
    supplier = await signUpUser(server, { organisationName: 'Acme Health Ltd', organisationKind: 'supplier' });
    latecomer = await signUpUser(server, { organisationName: 'Carers Together', organisationKind: 'third_sector' });
    entryId = (await createEntry(server, trustLead)).id;
    await addMember(server, trustLead, entryId, supplier, 'contributor');
    await addMember(server, trustLead, entryId, latecomer, 'contributor');
  });

  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.close();
  });

  const open = (user: TestUser, doc?: Y.Doc) => {
    const provider = openProvider(server, user, entryId, doc ? { doc } : {});
    providers.push(provider);
    return provider;
  };

  it('C-SYNC-1, C-PERSIST-2: members of two organisations converge on the same section', async () => {
    const trust = open(trustLead);
    const acme = open(supplier);
    await Promise.all([whenSynced(trust), whenSynced(acme)]);

    writeParagraph(trust.doc, 'value-and-testimonials', 'From the trust');
    writeParagraph(acme.doc, 'value-and-testimonials', 'From the supplier');
    const both = (doc: Y.Doc) => paragraphs(doc, 'value-and-testimonials').length === 2;
    await Promise.all([waitForDoc(trust.doc, both), waitForDoc(acme.doc, both)]);
    expect(paragraphs(trust.doc, 'value-and-testimonials')).toEqual(paragraphs(acme.doc, 'value-and-testimonials'));
    expect(paragraphs(trust.doc, 'value-and-testimonials').sort()).toEqual(['From the supplier', 'From the trust']);

    // Concurrent typing in the same paragraph merges too.
    const text = (doc: Y.Doc) =>
      (doc.getXmlFragment('section:value-and-testimonials').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text(trust.doc).insert(0, '[T]');
    text(acme.doc).insert(0, '[S]');
    const merged = (doc: Y.Doc) => text(doc).toString().includes('[T]') && text(doc).toString().includes('[S]');
    await Promise.all([waitForDoc(trust.doc, merged), waitForDoc(acme.doc, merged)]);
    expect(text(trust.doc).toString()).toBe(text(acme.doc).toString());
  });

  it('C-ROOM-1: a member joining later receives everything in the first sync', async () => {
    const later = open(latecomer);
    await whenSynced(later);
    expect(paragraphs(later.doc, 'value-and-testimonials')).toHaveLength(2);
    expect(Y.encodeStateVector(later.doc)).toEqual(Y.encodeStateVector(providers[0]!.doc));
  });

  it('C-ROOM-4: presence lists each person with the entry open once', () => {
    const presence = server.collab.presence(entryId);
    expect(presence.map((p) => p.name).sort()).toEqual(
      [trustLead.me.user.name, supplier.me.user.name, latecomer.me.user.name].sort(),
    );
    expect(presence.find((p) => p.userId === supplier.me.user.id)?.organisationName).toBe('Acme Health Ltd');
  });

  it('C-PROV-1: the server records who wrote in which section and who touched which item', async () => {
    const acme = providers[1]!;
    const testimonials = acme.doc.getMap<Y.Map<unknown>>('testimonials');
    const item = new Y.Map<unknown>();
    testimonials.set('t-acme-1', item);
    item.set('quote', 'The partnership cut waiting times');
    const watcher = providers[0]!;
    await waitForDoc(watcher.doc, (doc) => doc.getMap('testimonials').has('t-acme-1'));

    const contributions = await server.collab.store.listContributions(entryId);
    const bySupplier = contributions.filter((c) => c.userId === supplier.me.user.id);
    const byTrust = contributions.filter((c) => c.userId === trustLead.me.user.id);
    expect(byTrust.some((c) => c.sections.includes('value-and-testimonials'))).toBe(true);
    expect(byTrust.every((c) => c.organisationId === trustLead.me.organisation.id)).toBe(true);
    expect(bySupplier.some((c) => c.sections.includes('value-and-testimonials'))).toBe(true);
    expect(bySupplier.every((c) => c.organisationId === supplier.me.organisation.id)).toBe(true);
    expect(bySupplier.flatMap((c) => c.items)).toContainEqual({
      collection: 'testimonials',
      itemId: 't-acme-1',
      action: 'created',
    });
    // The word counts of the dashboard come from the same document.
    expect((await server.collab.sectionWords(entryId)).get('value-and-testimonials')).toBeGreaterThan(4);
  });

  it('C-ACK-1: a client that asks for acks gets [saved, n] once its updates are durable', async () => {
    const client = openRaw(server, supplier, entryId, { query: '?acks=1' });
    const doc = new Y.Doc();
    await client.sync(doc);
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    writeParagraph(doc, 'benefits-and-outcomes', 'one');
    writeParagraph(doc, 'benefits-and-outcomes', 'two');
    for (const update of updates) client.send(frames.update(update));
    const ack = await client.next((bytes) => {
      const d = decoding.createDecoder(bytes);
      return decoding.readVarUint(d) === MessageType.saved && decoding.readVarUint(d) === 2;
    }, 'saved ack 2');
    expect(ack).toBeDefined();
    const stored = applyStoredDocument(new Y.Doc(), await server.collab.store.loadDocument(entryId));
    expect(paragraphs(stored, 'benefits-and-outcomes')).toEqual(['one', 'two']);
    client.ws.close();
    await client.closed;
  });

  it('C-ACK-1: an unmodified WebsocketProvider never receives the acks', async () => {
    // WebsocketProvider logs "Unable to compute message" for unknown types; it must never see one.
    const seen: number[] = [];
    const provider = open(trustLead);
    await whenSynced(provider);
    provider.ws?.addEventListener('message', (event: MessageEvent) => {
      seen.push(new Uint8Array(event.data as ArrayBuffer)[0]!);
    });
    writeParagraph(provider.doc, 'benefits-and-outcomes', 'three');
    await waitForDoc(providers[1]!.doc, (doc) => paragraphs(doc, 'benefits-and-outcomes').includes('three'));
    expect(seen).not.toContain(MessageType.saved);
  });
});
