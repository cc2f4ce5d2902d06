import type { ApprovalDiffDto, SectionDto } from '@jointly/shared';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { approvalBlocker, SectionApproval } from './SectionApproval.tsx';

const section: SectionDto = {
  id: 'impact',
  title: 'Impact',
  summary: '',
  wordLimit: 10,
  status: 'in_progress',
  prompts: [],
  words: 3,
};
const approval = {
  contentHash: 'h1',
  approvedBy: { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds' } },
  approvedAt: '2026-03-01T10:00:00Z',
};

/** A page that reads the entry again after approving (the approval appears, the button goes). */
function Page() {
  const [current, setCurrent] = useState<SectionDto>(section);
  return (
    <SectionApproval
      entryId="e1"
      section={current}
      status={current.approval ? 'approved' : 'in_progress'}
      mayApprove
      words={5}
      onApproved={() => setCurrent({ ...section, status: 'approved', approval })}
    />
  );
}

function respond(status: number, body: unknown) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SectionApproval', () => {
  it('I11-2: says why a section cannot be approved before the button is pressed, and pressing it sends nothing', async () => {
    const fetchMock = vi.fn(async () => respond(201, {}));
    vi.stubGlobal('fetch', fetchMock);
    const { rerender } = render(
      <SectionApproval
        entryId="e1"
        section={section}
        status="not_started"
        mayApprove
        words={0}
        onApproved={() => {}}
      />,
    );
    const button = screen.getByRole('button', { name: 'Approve Impact' });
    expect(button.getAttribute('aria-disabled')).toBe('true');
    // Still focusable, and its description is the reason.
    expect(button.hasAttribute('disabled')).toBe(false);
    const reason = document.getElementById(button.getAttribute('aria-describedby') ?? '');
    expect(reason?.textContent).toContain('It has no text yet, so there is nothing to approve.');
    await act(async () => {
      fireEvent.click(button);
    });
    expect(fetchMock).not.toHaveBeenCalled();

    rerender(
      <SectionApproval
        entryId="e1"
        section={section}
        status="in_progress"
        mayApprove
        words={12}
        onApproved={() => {}}
      />,
    );
    expect(document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent).toContain(
      'It has 12 words; the limit is 10. Cut 2 before approving it.',
    );

    rerender(
      <SectionApproval
        entryId="e1"
        section={section}
        status="in_progress"
        mayApprove
        words={8}
        onApproved={() => {}}
      />,
    );
    expect(button.getAttribute('aria-disabled')).toBe('false');
    expect(button.hasAttribute('aria-describedby')).toBe(false);
  });

  it('I11-2: the server’s refusal is shown in the page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        respond(409, {
          error: { code: 'section_empty', message: '“Impact” has no text yet, so there is nothing to approve.' },
        }),
      ),
    );
    render(
      <SectionApproval
        entryId="e1"
        section={section}
        status="in_progress"
        mayApprove
        words={5}
        onApproved={() => {}}
      />,
    );
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Approve Impact' }));
    });
    expect(screen.getByRole('alert').textContent).toContain('“Impact” has no text yet');
  });

  it('I11-10: after Approve, focus lands on the line saying who approved it, not on <body>', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(201, { sectionId: 'impact', status: 'approved', approval })),
    );
    render(<Page />);
    const button = screen.getByRole('button', { name: 'Approve Impact' });
    button.focus();
    await act(async () => {
      fireEvent.click(button);
    });
    expect(screen.queryByRole('button', { name: 'Approve Impact' })).toBeNull();
    expect(document.activeElement?.textContent).toContain('Approved by Priya Shah');
    expect(document.activeElement).not.toBe(document.body);
  });

  it('I11-9: the diff marks changed words inside a changed paragraph and shows citations as labels', async () => {
    const diff: ApprovalDiffDto = {
      sectionId: 'impact',
      approval,
      currentHash: 'h2',
      changed: true,
      approvedText: 'Waits fell by a third (see E4).',
      currentText: 'Waits fell by half (see E4).',
      added: ['Waits fell by half (see E4).'],
      removed: ['Waits fell by a third (see E4).'],
      blocks: [
        { kind: 'same', parts: [{ kind: 'same', text: 'Intro.' }] },
        {
          kind: 'changed',
          parts: [
            { kind: 'same', text: 'Waits fell by ' },
            { kind: 'removed', text: 'a third' },
            { kind: 'added', text: 'half' },
            { kind: 'same', text: ' (see E4).' },
          ],
        },
      ],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(200, diff)),
    );
    render(
      <SectionApproval
        entryId="e1"
        section={{ ...section, approval }}
        status="changed_since_approval"
        mayApprove={false}
        words={5}
        onApproved={() => {}}
      />,
    );
    const details = document.querySelector('details') as HTMLDetailsElement;
    await act(async () => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    const changed = document.querySelector('.jointly-diff__block--changed') as HTMLElement;
    expect(changed.textContent).toBe('Changed: Waits fell by a thirdhalf (see E4).');
    expect([...changed.querySelectorAll('del')].map((e) => e.textContent)).toEqual(['a third']);
    expect([...changed.querySelectorAll('ins')].map((e) => e.textContent)).toEqual(['half']);
    expect(document.querySelectorAll('.jointly-diff__block--removed')).toHaveLength(0);
    expect(document.body.textContent).not.toContain('()');
  });
});

describe('approvalBlocker: what the page says before the server would refuse (S-APPROVE-4, S-APPROVE-5)', () => {
  it('names pending suggestions as the reason, after an empty or too long section', () => {
    const limited = { wordLimit: 100 };
    expect(approvalBlocker(limited, 40, 1)).toBe(
      'It has a suggestion waiting. Accept or reject it before approving the section.',
    );
    expect(approvalBlocker(limited, 40, 3)).toBe(
      'It has 3 suggestions waiting. Accept or reject them before approving the section.',
    );
    expect(approvalBlocker(limited, 0, 2)).toBe('It has no text yet, so there is nothing to approve.');
    expect(approvalBlocker(limited, 40)).toBeNull();
  });
});
