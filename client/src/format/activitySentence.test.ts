import type { ActivityDto } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import { activitySentence } from './activitySentence.ts';

const actor = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };
const line = (kind: ActivityDto['kind'], detail: Record<string, unknown>): ActivityDto => ({
  id: 1,
  at: '2026-03-01T10:00:00Z',
  actor,
  kind,
  detail,
});

describe('activity sentences for assignments and comments', () => {
  it('section_assigned: who, to whom, by when', () => {
    expect(
      activitySentence(
        line('section_assigned', {
          sectionId: 's1',
          sectionTitle: 'Context and evolution',
          assignees: [{ userId: 'u2', name: 'Zoe Smith' }],
          dueDate: '2026-03-14',
        }),
      ),
    ).toBe("Priya Shah (Leeds Teaching Hospitals) assigned 'Context and evolution' to Zoe Smith, due 14 March 2026");
    expect(
      activitySentence(
        line('section_assigned', {
          sectionTitle: 'Benefits',
          assignees: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
          dueDate: null,
        }),
      ),
    ).toBe("Priya Shah (Leeds Teaching Hospitals) assigned 'Benefits' to A, B and C");
  });

  it('section_assigned with nobody: the assignment was cleared', () => {
    expect(activitySentence(line('section_assigned', { sectionTitle: 'Benefits', assignees: [], dueDate: null }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) cleared the assignment of 'Benefits'",
    );
  });

  it('comment_added: a new thread or a reply', () => {
    expect(activitySentence(line('comment_added', { sectionTitle: 'Benefits', reply: false }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) commented on 'Benefits'",
    );
    expect(activitySentence(line('comment_added', { sectionTitle: 'Benefits', reply: true }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) replied to a comment on 'Benefits'",
    );
  });

  it('comment_resolved and comment_unresolved', () => {
    expect(activitySentence(line('comment_resolved', { sectionTitle: 'Benefits' }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) resolved a comment thread on 'Benefits'",
    );
    expect(activitySentence(line('comment_unresolved', { sectionTitle: 'Benefits' }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) reopened a comment thread on 'Benefits'",
    );
  });

  it('falls back to the section id, then to "a section", when the title is missing', () => {
    expect(activitySentence(line('comment_resolved', { sectionId: 'benefits' }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) resolved a comment thread on 'benefits'",
    );
    expect(activitySentence({ ...line('comment_added', {}), actor: null })).toBe("Jointly commented on 'a section'");
  });
});

describe('activity sentences for items and roles (I11-17)', () => {
  it('I11-17: items added and removed name the exhibit', () => {
    expect(activitySentence(line('item_added', { itemId: 'x', collection: 'evidence', label: 'E3' }))).toBe(
      'Priya Shah (Leeds Teaching Hospitals) added evidence E3',
    );
    expect(activitySentence(line('item_removed', { itemId: 'y', collection: 'testimonials', label: 'E4' }))).toBe(
      'Priya Shah (Leeds Teaching Hospitals) removed testimonial E4',
    );
    expect(activitySentence(line('item_added', { itemId: 'z', collection: 'testimonials', label: null }))).toBe(
      'Priya Shah (Leeds Teaching Hospitals) added a testimonial',
    );
  });

  it('issue 13: an upload names the file as uploaded (text, never markup)', () => {
    expect(activitySentence(line('file_uploaded', { fileId: 'f', name: 'Audit <b>results</b>.pdf' }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) uploaded 'Audit <b>results</b>.pdf'",
    );
    expect(activitySentence(line('file_uploaded', {}))).toBe('Priya Shah (Leeds Teaching Hospitals) uploaded a file');
  });

  it('I11-17: a role change says whose role and from what to what', () => {
    expect(
      activitySentence(
        line('member_role_changed', { userId: 'u2', name: 'Zoe Smith', from: 'contributor', to: 'lead' }),
      ),
    ).toBe('Priya Shah (Leeds Teaching Hospitals) changed Zoe Smith’s role from contributor to lead');
  });
});

describe('activity sentences after submitting (issue 17 items 4 and 5)', () => {
  it('an outcome names its stage; the not-for-publication flag says which way it went', () => {
    expect(activitySentence(line('outcome_recorded', { stage: 'highly_commended', portalSubmittedOn: null }))).toBe(
      'Priya Shah (Leeds Teaching Hospitals) recorded the outcome: highly commended',
    );
    // A stage this client does not know (a newer server) still reads as a sentence.
    expect(activitySentence(line('outcome_recorded', { stage: 'gold' }))).toBe(
      'Priya Shah (Leeds Teaching Hospitals) recorded the outcome',
    );
    expect(activitySentence(line('publication_changed', { notForPublication: true }))).toBe(
      'Priya Shah (Leeds Teaching Hospitals) marked the entry not for publication',
    );
    expect(activitySentence(line('publication_changed', { notForPublication: false }))).toBe(
      "Priya Shah (Leeds Teaching Hospitals) cleared 'not for publication'",
    );
  });
});

describe('activity sentences of consent records (issue 18 item 1)', () => {
  it('names the person whose consent was recorded or withdrawn', () => {
    expect(
      activitySentence(line('consent_recorded', { consentId: 'abcdefghijklmnop', personName: 'Zoë Patient' })),
    ).toBe('Priya Shah (Leeds Teaching Hospitals) recorded consent from Zoë Patient');
    expect(
      activitySentence(line('consent_withdrawn', { consentId: 'abcdefghijklmnop', personName: 'Zoë Patient' })),
    ).toBe(
      'Priya Shah (Leeds Teaching Hospitals) withdrew the consent of Zoë Patient: the entry cannot be submitted with that testimonial',
    );
  });
});
