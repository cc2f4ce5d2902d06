import { SHORT_FIELDS_MAP, sectionFragmentName } from '@jointly/shared';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { textPartsOf } from '../../collab/useDiscardedText.ts';
import { DiscardedText } from './DiscardedText.tsx';

describe('DiscardedText', () => {
  it('shows nothing when no part differed', () => {
    const { container } = render(<DiscardedText parts={[]} />);
    expect(container.innerHTML).toBe('');
  });

  it('offers each part’s discarded text in a labelled read-only box, behind a disclosure', () => {
    render(
      <DiscardedText
        parts={[
          { key: 'section-context', label: 'Context and evolution', text: 'Saved words.\nWords typed offline.' },
          { key: 'field-project-title', label: 'Project title', text: 'Virtual wards' },
        ]}
      />,
    );
    const box = screen.getByLabelText('Context and evolution') as HTMLTextAreaElement;
    expect(box.readOnly).toBe(true);
    expect(box.value).toBe('Saved words.\nWords typed offline.');
    expect((screen.getByLabelText('Project title') as HTMLTextAreaElement).value).toBe('Virtual wards');
    // A native disclosure (opened by keyboard in e2e 37), closed until asked for.
    const details = screen.getByText('Show the discarded text').closest('details');
    expect(details?.open).toBe(false);
    expect(details?.contains(box)).toBe(true);
  });
});

describe('textPartsOf: what a discarded copy can hold words in', () => {
  it('reads every section’s plain text and every short field’s value from a document', () => {
    const doc = new Y.Doc();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Typed offline.')]);
    doc.getXmlFragment(sectionFragmentName('context')).insert(0, [paragraph]);
    const title = new Y.Text();
    doc.getMap<unknown>(SHORT_FIELDS_MAP).set('project-title', title);
    title.insert(0, 'Virtual wards');
    const parts = textPartsOf(
      [
        { id: 'context', title: 'Context' },
        { id: 'impact', title: 'Impact' },
      ],
      [{ id: 'project-title', label: 'Project title', charLimit: 100, required: true }],
    );
    expect(parts.map((part) => [part.key, part.label, part.read(doc)])).toEqual([
      ['section-context', 'Context', 'Typed offline.'],
      ['section-impact', 'Impact', ''],
      ['field-project-title', 'Project title', 'Virtual wards'],
    ]);
  });
});
