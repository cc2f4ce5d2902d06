import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SecondFactorForm } from './SecondFactorForm.tsx';

const respond = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const ME = {
  user: { id: 'u1', email: 'a@example.nhs.uk', name: 'Asha' },
  organisation: { id: 'o1', name: 'Trust', kind: 'nhs_trust' },
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('SecondFactorForm', () => {
  it('asks for the 6-digit code as a one-time code with a numeric keypad, focused, and sends it', async () => {
    const sent: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        sent.push(JSON.parse(String(init?.body)));
        return respond(200, ME);
      }),
    );
    const onSignedIn = vi.fn();
    render(<SecondFactorForm onSignedIn={onSignedIn} onStartAgain={vi.fn()} />);
    const field = screen.getByLabelText('Enter the 6-digit code from your authenticator app') as HTMLInputElement;
    expect(field.getAttribute('autocomplete')).toBe('one-time-code');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(document.activeElement).toBe(field);
    fireEvent.change(field, { target: { value: '123 456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    });
    expect(sent).toEqual([{ code: '123 456' }]);
    expect(onSignedIn).toHaveBeenCalledWith(ME);
  });

  it('refuses a malformed code without sending; shows a wrong code on the field; switches to a recovery code', async () => {
    const fetch = vi.fn(async () =>
      respond(400, { error: { code: 'invalid_code', message: 'That code is not right. 4 tries left.' } }),
    );
    vi.stubGlobal('fetch', fetch);
    render(<SecondFactorForm onSignedIn={vi.fn()} onStartAgain={vi.fn()} />);
    const field = screen.getByLabelText('Enter the 6-digit code from your authenticator app');
    fireEvent.change(field, { target: { value: '12' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    });
    expect(fetch).not.toHaveBeenCalled();
    expect(screen.getAllByText('Enter the 6-digit code from your authenticator app').length).toBeGreaterThan(1);
    fireEvent.change(field, { target: { value: '123456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    });
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getAllByText(/That code is not right. 4 tries left./).length).toBeGreaterThan(0);

    fireEvent.click(screen.getByRole('button', { name: 'Use a recovery code instead' }));
    const recovery = screen.getByLabelText('Recovery code');
    expect(document.activeElement).toBe(recovery);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Enter a recovery code');
  });

  it('goes back to the password when the pending sign-in has ended', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => respond(401, { error: { code: 'second_factor_expired', message: 'Too many wrong codes.' } })),
    );
    const onStartAgain = vi.fn();
    render(<SecondFactorForm onSignedIn={vi.fn()} onStartAgain={onStartAgain} />);
    fireEvent.change(screen.getByLabelText('Enter the 6-digit code from your authenticator app'), {
      target: { value: '123456' },
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    });
    expect(onStartAgain).toHaveBeenCalledWith('Too many wrong codes.');
  });
});
