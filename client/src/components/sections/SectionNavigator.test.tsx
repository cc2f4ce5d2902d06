import { findCategory } from '@jointly/templates';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { sectionIds } from '../sectionIds.ts';
import { SectionNavigator } from './SectionNavigator.tsx';

const category = findCategory('hsj-partnership-long-term-partnership');
if (!category) throw new Error('seed category missing');
const sections = category.sections.map((template) => ({
  id: template.id,
  title: template.title,
  summary: template.summary,
  prompts: template.prompts,
  wordLimit: template.wordLimit,
  status: 'not_started' as const,
  words: 0,
}));

function paragraph(text: string): Y.XmlElement {
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  return p;
}

describe('SectionNavigator (issue 11 item 11)', () => {
  it('I11-11: lists a link to every section with its live status and word count, then the testimonials and evidence', () => {
    const doc = new Y.Doc();
    const first = sections[0];
    if (!first) throw new Error('no sections');
    render(
      <SectionNavigator
        sections={sections}
        fragmentOf={(id) => doc.getXmlFragment(`section:${id}`)}
        documentLoaded
        itemsHeadingId="items-heading"
      />,
    );
    const nav = screen.getByRole('navigation', { name: 'Sections of this entry' });
    const links = within(nav).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual([
      ...sections.map((section) => section.title),
      'Testimonials and evidence',
    ]);
    expect(links[0]?.getAttribute('href')).toBe(`#${sectionIds(first.id).region}`);
    expect(links.at(-1)?.getAttribute('href')).toBe('#items-heading');
    const firstItem = links[0]?.closest('li');
    if (!firstItem) throw new Error('no list item');
    expect(firstItem.textContent).toContain(`Not started, 0 of ${first.wordLimit} words`);
    act(() => doc.getXmlFragment(`section:${first.id}`).insert(0, [paragraph('Five years of joint work')]));
    expect(firstItem.textContent).toContain(`In progress, 5 of ${first.wordLimit} words`);
  });

  it('I11-11: following a link moves keyboard focus to the section heading (Tab continues from there)', () => {
    const first = sections[0];
    if (!first) throw new Error('no sections');
    render(
      <>
        <SectionNavigator
          sections={sections}
          fragmentOf={() => null}
          documentLoaded={false}
          itemsHeadingId="items-heading"
        />
        <h2 id={sectionIds(first.id).heading} tabIndex={-1}>
          {first.title}
        </h2>
        <h2 id="items-heading">Testimonials and evidence</h2>
      </>,
    );
    Element.prototype.scrollIntoView = () => undefined;
    const nav = screen.getByRole('navigation', { name: 'Sections of this entry' });
    fireEvent.click(within(nav).getByRole('link', { name: first.title }));
    expect(document.activeElement?.id).toBe(sectionIds(first.id).heading);
    fireEvent.click(within(nav).getByRole('link', { name: 'Testimonials and evidence' }));
    expect(document.activeElement?.id).toBe('items-heading');
    expect(document.activeElement?.getAttribute('tabindex')).toBe('-1');
  });
});
