import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmailForm, PasswordForm } from './AccountForms.tsx';

afterEach(() => {
  vi.unstubAllGlobals();
});

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** The server's answers in turn; each request is recorded as `METHOD path body`. */
function serverAnswering(...answers: Response[]) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${path} ${String(init?.body ?? '')}`);
      const answer = answers.shift();
      if (!answer) throw new Error(`no answer left for ${path}`);
      return answer;
    }),
  );
  return calls;
}

const field = (name: string) => screen.getByLabelText(name) as HTMLInputElement;
const type = (name: string, value: string) => fireEvent.change(field(name), { target: { value } });
const submit = (name: string) =>
  act(async () => {
    fireEvent.click(screen.getByRole('button', { name }));
  });

describe('the account forms (issue 15)', () => {
  it('check the fields before sending: the summary takes focus and links to each field', async () => {
    const calls = serverAnswering();
    render(<PasswordForm onChanged={() => undefined} />);
    await submit('Change password');
    expect(calls).toEqual([]);
    const summary = screen.getByRole('alert');
    expect(document.activeElement).toBe(summary.parentElement);
    expect(within(summary).getByRole('link', { name: 'Enter your current password' }).getAttribute('href')).toBe(
      '#account-password-currentPassword',
    );
    expect(field('Current password').getAttribute('aria-invalid')).toBe('true');
  });

  it('show the server’s refusal by its field, then say what changed once it works, and empty the form', async () => {
    const onChanged = vi.fn();
    const calls = serverAnswering(
      json(400, {
        error: {
          code: 'validation_failed',
          message: 'Your current password is not right.',
          issues: [{ path: 'currentPassword', message: 'Your current password is not right.' }],
        },
      }),
      new Response(null, { status: 204 }),
    );
    render(<PasswordForm onChanged={onChanged} />);
    type('Current password', 'not my password');
    type('New password', 'a long enough new passphrase');
    await submit('Change password');
    expect(calls).toEqual([
      'POST /api/account/password {"currentPassword":"not my password","newPassword":"a long enough new passphrase"}',
    ]);
    const summary = screen.getByRole('alert');
    expect(document.activeElement).toBe(summary.parentElement);
    expect(within(summary).getByRole('link', { name: 'Your current password is not right.' })).toBeTruthy();
    // What was typed stays, to be corrected.
    expect(field('New password').value).toBe('a long enough new passphrase');
    expect(onChanged).not.toHaveBeenCalled();

    type('Current password', 'my password');
    await submit('Change password');
    expect(calls).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(
      'Your password has been changed. Your other devices have been signed out.',
    );
    expect(field('Current password').value).toBe('');
    expect(field('New password').value).toBe('');
    expect(onChanged).toHaveBeenCalledTimes(1);
  });

  it('show a refusal about the whole form in the summary, and the sent link once it works', async () => {
    const calls = serverAnswering(
      json(429, { error: { code: 'rate_limited', message: 'Too many attempts. Try again in a minute.' } }),
      new Response(null, { status: 202 }),
    );
    render(<EmailForm email="ada@example.nhs.uk" />);
    type('New email address', 'ada@new.example.nhs.uk');
    type('Your current password', 'my password');
    await submit('Change email address');
    expect(within(screen.getByRole('alert')).getByText('Too many attempts. Try again in a minute.')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('');

    await submit('Change email address');
    expect(calls).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe(
      'We have sent a link to ada@new.example.nhs.uk. Your address changes when you open it; until then, keep using ada@example.nhs.uk.',
    );
    expect(field('New email address').value).toBe('');
  });

  it('keep focus where the person is when a corrected form is sent again, not on the summary it removes', async () => {
    serverAnswering(new Response(null, { status: 204 }));
    render(<PasswordForm onChanged={() => undefined} />);
    await submit('Change password');
    expect(screen.getByRole('alert')).toBeTruthy();
    type('Current password', 'my password');
    type('New password', 'a long enough new passphrase');
    const button = screen.getByRole('button', { name: 'Change password' });
    button.focus();
    await submit('Change password');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
