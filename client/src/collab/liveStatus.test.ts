import { sectionContentHash } from '@jointly/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { EMPTY_SECTION_HASH, endorsementIsCurrent, liveSectionStatus } from './liveStatus.ts';

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

const approvedBy = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };

describe('liveSectionStatus', () => {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment('section:context');
  fragment.insert(0, [paragraph('We began in 2019.')]);
  const approvedHash = sectionContentHash(fragment);
  const approval = { contentHash: approvedHash, approvedBy, approvedAt: '2026-03-01T10:00:00Z' };

  it('is approved while the live hash equals the approval, changed since approval once it differs', () => {
    expect(liveSectionStatus({ status: 'in_progress', approval }, approvedHash, 4)).toBe('approved');
    fragment.insert(1, [paragraph('Then we grew.')]);
    expect(liveSectionStatus({ status: 'approved', approval }, sectionContentHash(fragment), 7)).toBe(
      'changed_since_approval',
    );
    // Undoing the change (same content again) is approved again: the hash is of the content, not the history.
    fragment.delete(1, 1);
    expect(liveSectionStatus({ status: 'changed_since_approval', approval }, sectionContentHash(fragment), 4)).toBe(
      'approved',
    );
  });

  it('whitespace at the ends of a block does not withdraw an approval', () => {
    const other = new Y.Doc().getXmlFragment('section:context');
    other.insert(0, [paragraph('  We began in 2019.  '), paragraph('')]);
    expect(liveSectionStatus({ status: 'approved', approval }, sectionContentHash(other), 4)).toBe('approved');
  });

  it('without an approval: not started when empty, in progress with content', () => {
    expect(liveSectionStatus({ status: 'not_started', approval: null }, EMPTY_SECTION_HASH, 0)).toBe('not_started');
    expect(liveSectionStatus({ status: 'not_started', approval: null }, approvedHash, 4)).toBe('in_progress');
  });

  it('before the document loads, shows the server status (in progress once words are counted)', () => {
    expect(liveSectionStatus({ status: 'changed_since_approval', approval }, null, 4)).toBe('changed_since_approval');
    expect(liveSectionStatus({ status: 'not_started', approval: null }, null, 3)).toBe('in_progress');
  });
});

describe('endorsementIsCurrent', () => {
  const endorsement = {
    organisation: { id: 'o1', name: 'Leeds', kind: 'nhs_trust' as const },
    endorsedBy: approvedBy,
    endorsedAt: '2026-03-01T10:00:00Z',
    contentHash: 'abc',
    current: true,
  };
  it('compares with the live entry hash, else trusts the server', () => {
    expect(endorsementIsCurrent(endorsement, 'abc')).toBe(true);
    expect(endorsementIsCurrent(endorsement, 'def')).toBe(false);
    expect(endorsementIsCurrent(endorsement, null)).toBe(true);
  });
});
