import { addItem, type ErrorBody, emptyEvidence, emptyTestimonial, type Role } from '@jointly/shared';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { openProvider, type TestProvider, waitForDoc, whenSynced } from '../../collab/testing/collabClients.ts';
import { addMember, createEntry, signUpUser, type TestUser } from '../../test/factories.ts';

/**
 * A fully valid entry for the sign-off tests, built the way people build it:
 * items and text through real y-websocket clients, approvals and
 * endorsements through the HTTP API.
 */

type Server = { origin: string; wsUrl: string };

/** The sections of the default test category (hsj-partnership-long-term-partnership). */
export const SECTIONS = [
  'context-and-evolution',
  'benefits-and-outcomes',
  'sharing-and-adoption',
  'co-design-with-patients-and-staff',
  'value-and-testimonials',
];
export const METRIC_ID = 'evidence-metric-1';
export const QUALITATIVE_ID = 'evidence-qual-1';
export const PATIENT_ID = 'testimonial-patient-1';
export const STAFF_ID = 'testimonial-staff-1';

export type SignoffFixture = {
  server: Server;
  entryId: string;
  lead: TestUser;
  /** A lead from a second organisation (every organisation must endorse). */
  partner: TestUser;
  writer: TestProvider;
  observer: TestProvider;
};

/** A POST with no body, as a same-origin browser sends it. */
export function post(server: Server, user: TestUser | null, path: string, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}${path}`, {
    method: 'POST',
    headers: { origin: server.origin, ...(user ? { cookie: user.cookie } : {}), ...headers },
  });
}

/** A paragraph of text followed by a citation of `itemId`, as the editor stores it. */
export function writeCitingParagraph(doc: Y.Doc, sectionId: string, text: string, itemId: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    const content = new Y.XmlText();
    const citation = new Y.XmlElement('citation');
    citation.setAttribute('itemId', itemId);
    paragraph.insert(0, [content, citation]);
    content.insert(0, text);
    const fragment = doc.getXmlFragment(`section:${sectionId}`);
    fragment.insert(fragment.length, [paragraph]);
  });
}

/** Waits until the observer holds what the writer wrote: relayed means stored (C-PERSIST-2). */
export async function settled(f: SignoffFixture): Promise<void> {
  const target = Y.decodeStateVector(Y.encodeStateVector(f.writer.doc));
  await waitForDoc(
    f.observer.doc,
    (doc) => {
      const mine = Y.decodeStateVector(Y.encodeStateVector(doc));
      for (const [client, clock] of target) if ((mine.get(client) ?? 0) < clock) return false;
      return true;
    },
    'writes relayed',
  );
}

export async function approveAll(f: SignoffFixture, sectionIds = SECTIONS): Promise<void> {
  for (const sectionId of sectionIds) {
    const response = await post(f.server, f.lead, `/api/entries/${f.entryId}/sections/${sectionId}/approve`);
    expect(response.status).toBe(201);
  }
}

export async function endorseAll(f: SignoffFixture): Promise<void> {
  for (const user of [f.lead, f.partner]) {
    expect((await post(f.server, user, `/api/entries/${f.entryId}/endorse`)).status).toBe(201);
  }
}

/** The issues of a refused submit (asserting it was refused for unmet conditions). */
export async function submitIssues(f: SignoffFixture): Promise<{ path: string; message: string }[]> {
  const response = await post(f.server, f.lead, `/api/entries/${f.entryId}/submit`);
  expect(response.status).toBe(409);
  const body = (await response.json()) as ErrorBody;
  expect(body.error.code).toBe('submit_conditions_unmet');
  return body.error.issues ?? [];
}

/** A new account in the partner's organisation, added to the fixture's entry with `role`. */
export async function partnerMember(f: SignoffFixture, role: Role): Promise<TestUser> {
  const { name, kind } = f.partner.me.organisation;
  const user = await signUpUser(f.server, { organisationName: name, organisationKind: kind });
  await addMember(f.server, f.lead, f.entryId, user, role);
  return user;
}

/** A two-organisation entry meeting every submit condition. `track` receives the providers to destroy. */
export async function validEntry(server: Server, track: (p: TestProvider) => void): Promise<SignoffFixture> {
  const lead = await signUpUser(server);
  const partner = await signUpUser(server, { organisationKind: 'supplier' });
  const entryId = (await createEntry(server, lead)).id;
  await addMember(server, lead, entryId, partner, 'lead');
  const writer = openProvider(server, lead, entryId);
  const observer = openProvider(server, partner, entryId);
  track(writer);
  track(observer);
  await Promise.all([whenSynced(writer), whenSynced(observer)]);
  const doc = writer.doc;
  doc.transact(() => {
    addItem(
      doc.getMap('evidence'),
      {
        ...emptyEvidence(),
        title: 'Waiting times',
        kind: 'metric',
        baseline: '18 weeks',
        result: '9 weeks',
        sectionIds: SECTIONS,
      },
      METRIC_ID,
    );
    addItem(
      doc.getMap('evidence'),
      { ...emptyEvidence(), title: 'Workshop notes', kind: 'qualitative', sectionIds: SECTIONS },
      QUALITATIVE_ID,
    );
    addItem(
      doc.getMap('testimonials'),
      {
        ...emptyTestimonial(),
        quote: 'It changed my care.',
        kind: 'patient',
        consent: { obtained: true, date: '2024-03-01', howRecorded: 'Signed form', uses: ['judging'] },
        sectionIds: ['value-and-testimonials'],
      },
      PATIENT_ID,
    );
    addItem(
      doc.getMap('testimonials'),
      {
        ...emptyTestimonial(),
        quote: 'A real partnership.',
        kind: 'nhs_staff',
        personOrganisation: partner.me.organisation.name,
        sectionIds: ['value-and-testimonials'],
      },
      STAFF_ID,
    );
  });
  for (const sectionId of SECTIONS) writeCitingParagraph(doc, sectionId, `Our work on ${sectionId}, `, METRIC_ID);
  const fixture: SignoffFixture = { server, entryId, lead, partner, writer, observer };
  await settled(fixture);
  await approveAll(fixture);
  await endorseAll(fixture);
  return fixture;
}
