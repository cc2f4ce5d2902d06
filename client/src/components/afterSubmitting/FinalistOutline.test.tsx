import { act, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { FinalistOutline } from './FinalistOutline.tsx';

const USER = {
  id: 'u1',
  name: 'Priya Shah',
  organisationId: 'o1',
  organisationName: 'Northshire NHS Trust',
  color: '#005eb8',
};

function appendWords(fragment: Y.XmlFragment, count: number): void {
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(Array.from({ length: count }, (_, i) => `word${i}`).join(' '))]);
  fragment.insert(fragment.length, [paragraph]);
}

describe('FinalistOutline', () => {
  it('shows the live speaking time at the pace, says when it goes over the limit, and announces the crossing', async () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('finalistOutline');
    appendWords(fragment, 130);
    await act(async () => {
      render(
        <FinalistOutline
          entryId="e1"
          binding={{ fragment, provider: { awareness: new Awareness(doc) }, user: USER, connected: true }}
          editable={false}
          wordsPerMinute={130}
          timeLimitMinutes={2}
        />,
      );
    });
    expect(screen.getByRole('heading', { name: 'Presentation outline' })).toBeTruthy();
    const time = () => document.getElementById('outline-time-e1')!;
    expect(time().textContent).toBe('Speaking time: about 1 min of 2 min (130 words at 130 a minute)');
    expect(time().className).not.toContain('--over');
    expect(screen.getByRole('status').textContent).toBe('');

    await act(async () => appendWords(fragment, 200));
    expect(time().textContent).toContain('about 2 min 30 s of 2 min – 30 s over the time limit');
    expect(time().className).toContain('jointly-word-count--over');
    expect(screen.getByRole('status').textContent).toBe('The presentation outline is over its 2 minute time limit.');
  });

  it('editable: the section toolbar without "Cite evidence" or "Comment" (no exhibits or threads here)', async () => {
    const doc = new Y.Doc();
    await act(async () => {
      render(
        <FinalistOutline
          entryId="e2"
          binding={{
            fragment: doc.getXmlFragment('finalistOutline'),
            provider: { awareness: new Awareness(doc) },
            user: USER,
            connected: true,
          }}
          editable
          wordsPerMinute={130}
          timeLimitMinutes={null}
        />,
      );
    });
    const toolbar = screen.getByRole('toolbar', { name: 'Formatting: Presentation outline' });
    expect(within(toolbar).getByRole('button', { name: 'Bold' })).toBeTruthy();
    expect(within(toolbar).queryByRole('button', { name: 'Cite evidence' })).toBeNull();
    expect(within(toolbar).queryByRole('button', { name: 'Comment' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Presentation outline' }).getAttribute('aria-readonly')).toBe('false');
    expect(document.getElementById('outline-time-e2')!.textContent).toContain('about 0 s (no time limit set yet)');
  });
});
