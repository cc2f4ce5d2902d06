import { COMMENT_MAX_CHARS, type CommentThreadDto } from '@jointly/shared';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentProps } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CommentForm } from './CommentForm.tsx';
import { CommentThread, SectionComments } from './SectionComments.tsx';
import { useSectionComments } from './useSectionComments.ts';

const priya = { userId: 'u1', name: 'Priya Shah', organisation: { id: 'o1', name: 'Leeds Teaching Hospitals' } };
const zoe = { userId: 'u2', name: 'Zoe Smith', organisation: { id: 'o2', name: 'Supplier Ltd' } };
const HTML_BODY = '<img src=x onerror="alert(1)"><b>bold?</b>';

const thread = (over: Partial<CommentThreadDto> = {}): CommentThreadDto => ({
  id: 't1',
  sectionId: 's1',
  author: priya,
  body: HTML_BODY,
  mentions: [zoe],
  createdAt: '2026-03-01T10:00:00Z',
  resolved: false,
  resolvedBy: null,
  resolvedAt: null,
  replies: [
    { id: 'r1', author: zoe, body: 'First reply\nsecond line', mentions: [], createdAt: '2026-03-01T11:00:00Z' },
    { id: 'r2', author: priya, body: '<script>alert(2)</script>', mentions: [], createdAt: '2026-03-01T12:00:00Z' },
  ],
  ...over,
});

const noop = async () => undefined;

describe('a comment thread', () => {
  it('shows author, organisation, time and body as text, never as HTML, with its replies in order', () => {
    const { container } = render(
      <CommentThread thread={thread()} mayAct={false} mentionOptions={[]} onReply={noop} onSetResolved={noop} />,
    );
    const opening = container.querySelector('#comment-t1');
    expect(opening?.querySelector('.jointly-comment__body')?.textContent).toBe(HTML_BODY);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(opening?.textContent).toContain('Priya Shah (Leeds Teaching Hospitals), 1 March 2026');
    expect(opening?.textContent).toContain('Mentions: Zoe Smith');

    const replies = screen.getByRole('list', { name: 'Replies to Priya Shah' });
    const items = within(replies).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('Zoe Smith (Supplier Ltd)');
    expect(items[0]?.querySelector('.jointly-comment__body')?.textContent).toBe('First reply\nsecond line');
    expect(items[1]?.querySelector('.jointly-comment__body')?.textContent).toBe('<script>alert(2)</script>');
    // Read only: no actions.
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('offers Reply and Resolve to those who may act, and Reopen thread once resolved', async () => {
    const onSetResolved = vi.fn(async () => undefined);
    const { rerender } = render(
      <CommentThread thread={thread()} mayAct mentionOptions={[]} onReply={noop} onSetResolved={onSetResolved} />,
    );
    expect(screen.getByRole('button', { name: 'Reply to Priya Shah' })).toBeTruthy();
    await act(async () => screen.getByRole('button', { name: 'Resolve thread by Priya Shah' }).click());
    expect(onSetResolved).toHaveBeenCalledWith(true);
    rerender(
      <CommentThread
        thread={thread({ resolved: true, resolvedBy: zoe, resolvedAt: '2026-03-02T09:00:00Z' })}
        mayAct
        mentionOptions={[]}
        onReply={noop}
        onSetResolved={onSetResolved}
      />,
    );
    expect(screen.getByText('Resolved').className).toContain('nhsuk-tag--green');
    await act(async () => screen.getByRole('button', { name: 'Reopen thread by Priya Shah' }).click());
    expect(onSetResolved).toHaveBeenLastCalledWith(false);
  });
});

describe('the comment form', () => {
  const renderForm = (onSubmit = vi.fn(async () => undefined)) => {
    render(
      <CommentForm
        id="c"
        label="Comment"
        submitLabel="Add comment"
        problemTitle="The comment could not be added"
        mentionOptions={[{ userId: 'u2', label: 'Zoe Smith (Supplier Ltd)' }]}
        onSubmit={onSubmit}
      />,
    );
    return onSubmit;
  };

  it('refuses an empty comment (spaces only) with an error summary that takes focus and links to the box', async () => {
    const onSubmit = renderForm();
    fireEvent.change(screen.getByRole('textbox', { name: 'Comment' }), { target: { value: '   ' } });
    await act(async () => screen.getByRole('button', { name: 'Add comment' }).click());
    expect(onSubmit).not.toHaveBeenCalled();
    const summary = screen.getByRole('alert');
    expect(within(summary).getByRole('heading').textContent).toBe('The comment could not be added');
    expect(within(summary).getByRole('link', { name: 'Write a comment' }).getAttribute('href')).toBe('#c-body');
    expect(document.activeElement?.className).toBe('nhsuk-error-summary');
    expect(screen.getByRole('textbox', { name: 'Comment' }).getAttribute('aria-invalid')).toBe('true');
  });

  it(`refuses a comment over ${COMMENT_MAX_CHARS} characters, and accepts one of exactly that many`, async () => {
    const onSubmit = renderForm();
    const box = screen.getByRole('textbox', { name: 'Comment' });
    fireEvent.change(box, { target: { value: 'x'.repeat(COMMENT_MAX_CHARS + 1) } });
    await act(async () => screen.getByRole('button', { name: 'Add comment' }).click());
    expect(onSubmit).not.toHaveBeenCalled();
    expect(
      screen.getByRole('link', { name: `A comment must be at most ${COMMENT_MAX_CHARS} characters` }),
    ).toBeTruthy();

    fireEvent.change(box, { target: { value: 'x'.repeat(COMMENT_MAX_CHARS) } });
    await act(async () => screen.getByRole('button', { name: 'Add comment' }).click());
    expect(onSubmit).toHaveBeenCalledWith({ body: 'x'.repeat(COMMENT_MAX_CHARS) });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('sends the mentions checked, and shows the server’s 400 messages in the summary', async () => {
    const { ApiError } = await import('../../api/ApiError.ts');
    const onSubmit = renderForm(
      vi.fn(async () => {
        throw new ApiError(400, 'validation_failed', 'Check the comment', [
          { path: 'mentions', message: 'Mention only members of the entry' },
        ]);
      }),
    );
    fireEvent.change(screen.getByRole('textbox', { name: 'Comment' }), { target: { value: ' Looks good ' } });
    const mention = within(screen.getByRole('group', { name: 'Mention' })).getByRole('checkbox', {
      name: 'Zoe Smith (Supplier Ltd)',
    });
    await act(async () => mention.click());
    await act(async () => screen.getByRole('button', { name: 'Add comment' }).click());
    expect(onSubmit).toHaveBeenCalledWith({ body: 'Looks good', mentions: ['u2'] });
    expect(screen.getByRole('link', { name: 'Mention only members of the entry' }).getAttribute('href')).toBe(
      '#c-mentions',
    );
    // What was typed stays, to be corrected.
    expect((screen.getByRole('textbox', { name: 'Comment' }) as HTMLTextAreaElement).value).toBe(' Looks good ');
  });
});

/** The disclosure with the section's threads read by `load`, as the section's page reads them. */
function Disclosure({
  load,
  ...props
}: Omit<ComponentProps<typeof SectionComments>, 'comments'> & { load: () => Promise<CommentThreadDto[]> }) {
  const comments = useSectionComments(props.entryId, props.section.id, { load });
  return <SectionComments {...props} comments={comments} />;
}

describe('the comments disclosure', () => {
  const members = [
    {
      userId: 'u1',
      name: 'Priya Shah',
      email: 'p@x',
      role: 'lead' as const,
      organisation: { ...priya.organisation, kind: 'nhs_trust' as const },
      joinedAt: '',
      organisationStatus: 'confirmed' as const,
    },
  ];

  it('counts open threads in its summary; a viewer gets no forms', async () => {
    const load = vi.fn(async () => [thread(), thread({ id: 't2', resolved: true, replies: [] })]);
    await act(async () => {
      render(
        <Disclosure
          entryId="e1"
          section={{ id: 's1', title: 'Benefits' }}
          members={members}
          meUserId="u1"
          mayComment={false}
          submitted={false}
          load={load}
        />,
      );
    });
    expect(load).toHaveBeenCalledWith('e1', 's1');
    expect(document.querySelector('summary')?.textContent).toBe('Comments on Benefits (1 open)');
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByText('As a viewer you can read comments but not add them.')).toBeTruthy();
  });

  it('a submitted entry hides the forms from a lead too', async () => {
    await act(async () => {
      render(
        <Disclosure
          entryId="e1"
          section={{ id: 's1', title: 'Benefits' }}
          members={members}
          meUserId="u1"
          mayComment
          submitted
          load={async () => [thread()]}
        />,
      );
    });
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
